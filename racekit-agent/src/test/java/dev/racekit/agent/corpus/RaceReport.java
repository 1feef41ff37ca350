package dev.racekit.agent.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code WARNING: DATA RACE} block of the agent's stderr, reduced to what the corpus and the real-program tests
 * check: the two access stacks (current and previous; a stack that could not be restored has no frames) and the
 * Location line.
 *
 * @param current frames under the first access line ({@code Write at 0x... by ...}), innermost first
 * @param previous frames under the {@code Previous ... at} line
 * @param location the text after {@code Location is }, or "" when the block has none
 * @param text the whole block, for messages
 */
public record RaceReport(List<Frame> current, List<Frame> previous, String location, String text) {
  static final String SEPARATOR = "==================";
  private static final Pattern METHOD = Pattern.compile("^  (\\S+)\\(\\)$");
  private static final Pattern SOURCE = Pattern.compile("^      (\\S+):(\\d+)( \\+0x[0-9a-f]+)?$");
  private static final Pattern ACCESS = Pattern.compile("^(Read|Write|Atomic read|Atomic write|Free)( of size \\d+)? at 0x.*");
  private static final Pattern PREVIOUS = Pattern.compile("^Previous .* at 0x.*");
  private static final Pattern FOUND = Pattern.compile("(?m)^Found (\\d+) data race\\(s\\)$");

  /** One frame: {@code racecorpus.racy.Counter.increment} at {@code Counter.java:12}. */
  public record Frame(String method, String file, int line) {
    String site() {
      return file + ":" + line;
    }

    /** The class part of {@code method} (everything before the last dot). */
    String className() {
      int dot = method.lastIndexOf('.');
      return dot < 0 ? method : method.substring(0, dot);
    }
  }

  /** The first frame of the access stack: where the access happened. */
  static String accessSite(List<Frame> stack) {
    return stack.isEmpty() ? "(no frame)" : stack.get(0).site();
  }

  /** The innermost frame whose class is in {@code packagePrefix} (the program's own call site), or "(none)". */
  static String firstSiteIn(List<Frame> stack, String packagePrefix) {
    return stack.stream().filter(f -> f.className().startsWith(packagePrefix)).map(Frame::site).findFirst()
        .orElse("(none in " + packagePrefix + ")");
  }

  /** The sites of the frames whose class is in {@code packagePrefix}, innermost first, joined by {@code <}. */
  static String sitesIn(List<Frame> stack, String packagePrefix) {
    return String.join("<", stack.stream().filter(f -> f.className().startsWith(packagePrefix)).map(Frame::site)
        .toList());
  }

  /** Every report block in {@code stderr}, in order. */
  public static List<RaceReport> parseAll(String stderr) {
    List<RaceReport> reports = new ArrayList<>();
    List<String> lines = stderr.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).equals(SEPARATOR) && i + 1 < lines.size() && lines.get(i + 1).equals("WARNING: DATA RACE")) {
        int end = i + 2;
        while (end < lines.size() && !lines.get(end).equals(SEPARATOR)) {
          end++;
        }
        reports.add(parse(lines.subList(i, Math.min(end + 1, lines.size()))));
        i = end;
      }
    }
    return reports;
  }

  private static RaceReport parse(List<String> block) {
    List<Frame> current = new ArrayList<>();
    List<Frame> previous = new ArrayList<>();
    String location = "";
    List<Frame> target = null;
    String method = null;
    for (String line : block) {
      if (ACCESS.matcher(line).matches()) {
        target = current;
      } else if (PREVIOUS.matcher(line).matches()) {
        target = previous;
      } else if (line.isEmpty()) {
        target = null;
      } else if (line.startsWith("Location is ")) {
        location = line.substring("Location is ".length());
        target = null;
      } else if (target != null) {
        Matcher m = METHOD.matcher(line);
        Matcher s = SOURCE.matcher(line);
        if (m.matches()) {
          method = m.group(1);
        } else if (s.matches() && method != null) {
          target.add(new Frame(method, s.group(1), Integer.parseInt(s.group(2))));
          method = null;
        }
      } else if (line.startsWith("Thread ") || line.startsWith("Goroutine ")) {
        target = null;
      }
    }
    return new RaceReport(List.copyOf(current), List.copyOf(previous), location, String.join("\n", block));
  }

  /** The N of the {@code Found N data race(s)} line, or -1 when there is none. */
  public static int foundCount(String stderr) {
    Matcher m = FOUND.matcher(stderr);
    int n = -1;
    while (m.find()) {
      n = Integer.parseInt(m.group(1));
    }
    return n;
  }
}
