package dev.racekit.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code suppressions} file, in ThreadSanitizer's form: one {@code race:<pattern>} per line, {@code #} comments,
 * blank lines. A pattern matches a text when it occurs in it, with {@code *} standing for any run of characters,
 * {@code ^} at its start anchoring it to the text's start and {@code $} at its end to the text's end. A report is
 * suppressed when a pattern matches the function or the file of any frame of either access stack, or its location.
 * Not thread-safe: the report hub calls it under its lock.
 */
final class Suppressions {
  static final Suppressions NONE = new Suppressions("", List.of());

  private final String source;
  private final List<String> patterns;
  private final Map<String, Long> hits = new LinkedHashMap<>();

  private Suppressions(String source, List<String> patterns) {
    this.source = source;
    this.patterns = patterns;
  }

  /**
   * Reads the file named by the {@code suppressions} option.
   *
   * @param path the file; empty for none
   * @return its rules
   * @throws IllegalArgumentException naming the file and line of a rule that is not {@code race:<pattern>}
   * @throws UncheckedIOException when the file cannot be read
   */
  static Suppressions load(String path) {
    if (path.isEmpty()) {
      return NONE;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("racekit options: suppressions=" + path + " cannot be read: " + e, e);
    }
    return parse(path, lines);
  }

  static Suppressions parse(String source, List<String> lines) {
    List<String> patterns = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String type = colon < 0 ? line : line.substring(0, colon).strip();
      String pattern = colon < 0 ? "" : line.substring(colon + 1).strip();
      if (!type.equals("race")) {
        throw new IllegalArgumentException("racekit suppressions " + source + ":" + (i + 1) + ": '" + line
            + "' is not race:<pattern> (the only kind of rule a data race detector has)");
      }
      if (pattern.isEmpty() || pattern.equals("^") || pattern.equals("$") || pattern.equals("^$")) {
        throw new IllegalArgumentException(
            "racekit suppressions " + source + ":" + (i + 1) + ": '" + line + "' has no pattern");
      }
      patterns.add(pattern);
    }
    return new Suppressions(source, List.copyOf(patterns));
  }

  boolean isEmpty() {
    return patterns.isEmpty();
  }

  /**
   * The first rule that matches one of {@code texts}, counted as a hit; null when none does.
   *
   * @param texts the report's frame functions and files, and its location
   */
  String match(List<String> texts) {
    for (String p : patterns) {
      for (String t : texts) {
        if (t != null && matches(p, t)) {
          hits.merge(p, 1L, Long::sum);
          return p;
        }
      }
    }
    return null;
  }

  long suppressedCount() {
    return hits.values().stream().mapToLong(Long::longValue).sum();
  }

  /** {@code Suppressed N data race report(s) (file): n race:pattern, ...} and a newline; empty when none was. */
  String summary() {
    long n = suppressedCount();
    if (n == 0) {
      return "";
    }
    StringBuilder sb = new StringBuilder("Suppressed ").append(n).append(" data race report(s) (").append(source)
        .append("):");
    String sep = " ";
    for (Map.Entry<String, Long> e : hits.entrySet()) {
      sb.append(sep).append(e.getValue()).append(" race:").append(e.getKey());
      sep = ", ";
    }
    return sb.append('\n').toString();
  }

  /** ThreadSanitizer's template match: {@code *} any run, {@code ^}/{@code $} anchors, otherwise a substring. */
  static boolean matches(String pattern, String text) {
    boolean start = pattern.startsWith("^");
    boolean end = pattern.endsWith("$") && pattern.length() > (start ? 1 : 0);
    String body = pattern.substring(start ? 1 : 0, pattern.length() - (end ? 1 : 0));
    String[] parts = body.split("\\*", -1);
    int at = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      boolean first = i == 0;
      boolean last = i == parts.length - 1;
      if (last && end) {
        int from = text.length() - part.length();
        if (from < at || !text.startsWith(part, from)) {
          return false;
        }
        return !(first && start) || from == 0;
      }
      if (first && start) {
        if (!text.startsWith(part)) {
          return false;
        }
        at = part.length();
        continue;
      }
      int found = text.indexOf(part, at);
      if (found < 0) {
        return false;
      }
      at = found + part.length();
    }
    return true;
  }
}
