package dev.racekit.core;

import dev.racekit.Frame;
import dev.racekit.RaceAccess;
import dev.racekit.RaceReport;
import dev.racekit.RaceThreadInfo;
import dev.racekit.Symbolizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/** Formats reports in the Go race detector's style ("goroutine" becomes "thread"); shared by every backend. */
public final class ReportFormatter {
  static final String RULE = "==================";

  private final Symbolizer symbolizer;
  private final String stripPathPrefix;
  private final LongFunction<String> threadNames;
  private final LongFunction<String> locations;

  /**
   * A formatter with neither thread names nor location lines.
   *
   * @param symbolizer turns pcs into frames
   * @param stripPathPrefix removed from the start of file names; empty removes nothing
   */
  public ReportFormatter(Symbolizer symbolizer, String stripPathPrefix) {
    this(symbolizer, stripPathPrefix, null, null);
  }

  /**
   * A formatter that may name threads and describe the racing address.
   *
   * @param symbolizer turns pcs into frames
   * @param stripPathPrefix removed from the start of file names; empty removes nothing
   * @param threadNames a thread id's name, printed in quotes after "thread N" (null or a null result: none)
   * @param locations what lives at the current access's address, printed as "Location is ..." (null or a null
   *     result: no location line)
   */
  public ReportFormatter(Symbolizer symbolizer, String stripPathPrefix, LongFunction<String> threadNames,
      LongFunction<String> locations) {
    this.symbolizer = symbolizer;
    this.stripPathPrefix = stripPathPrefix;
    this.threadNames = threadNames;
    this.locations = locations;
  }

  /**
   * Formats one report.
   *
   * @param report the race
   * @return the whole report, from the opening rule to the closing rule, each line ending in a newline
   */
  public String format(RaceReport report) {
    StringBuilder out = new StringBuilder(512);
    out.append(RULE).append('\n');
    out.append(report.kind() == RaceReport.Kind.USE_AFTER_FREE ? "WARNING: USE AFTER FREE" : "WARNING: DATA RACE")
        .append('\n');
    appendAccess(out, report.current(), false);
    out.append('\n');
    appendAccess(out, report.previous(), true);
    appendLocation(out, report.current().address());
    appendCreation(out, report.currentThread());
    if (report.previousThread().id() != report.currentThread().id()) {
      appendCreation(out, report.previousThread());
    }
    out.append(RULE).append('\n');
    return out.toString();
  }

  /**
   * What a suppression rule is matched against: the function and the file of every frame of both access stacks,
   * then the location (as after "Location is"), as they would be printed.
   *
   * @param report the race
   * @return the texts, in that order
   */
  List<String> subjects(RaceReport report) {
    List<String> out = new ArrayList<>();
    for (RaceAccess access : List.of(report.current(), report.previous())) {
      if (!access.stackRestored()) {
        continue;
      }
      for (long pc : access.stack()) {
        List<Frame> frames = symbolizer.symbolize(pc);
        for (Frame f : frames == null || frames.isEmpty() ? List.of(Frame.unknown(pc)) : frames) {
          out.add(f.function());
          out.add(strip(f.file()));
        }
      }
    }
    String location = locations == null ? null : locations.apply(report.current().address());
    if (location != null) {
      out.add(location);
    }
    return out;
  }

  /**
   * The line printed when the detector closes after finding races.
   *
   * @param count how many races were reported
   * @return {@code Found N data race(s)} and a newline
   */
  public static String summary(long count) {
    return "Found " + count + " data race(s)\n";
  }

  private void appendAccess(StringBuilder out, RaceAccess access, boolean previous) {
    String label = access.type().label();
    if (previous) {
      out.append("Previous ").append(label);
    } else {
      out.append(Character.toUpperCase(label.charAt(0))).append(label, 1, label.length());
    }
    out.append(" at ").append(hexAddress(access.address())).append(" by ").append(namedThread(access.threadId()))
        .append(":\n");
    if (!access.stackRestored()) {
      out.append("  [failed to restore the stack]\n");
      return;
    }
    appendStack(out, access.stack());
  }

  private void appendCreation(StringBuilder out, RaceThreadInfo thread) {
    if (thread.id() <= 0) {
      return; // the main thread has no creation stack; an unknown thread has nothing to show
    }
    out.append('\n').append("Thread ").append(thread.id()).append(quotedName(thread.id()))
        .append(thread.running() ? " (running)" : " (finished)")
        .append(" created at:\n");
    appendStack(out, thread.creationStack());
  }

  private void appendLocation(StringBuilder out, long address) {
    String location = locations == null ? null : locations.apply(address);
    if (location != null) {
      out.append('\n').append("Location is ").append(location).append('\n');
    }
  }

  private String namedThread(long id) {
    return id == 0 || id == RaceAccess.UNKNOWN_THREAD ? threadName(id) : threadName(id) + quotedName(id);
  }

  private String quotedName(long id) {
    String name = threadNames == null ? null : threadNames.apply(id);
    return name == null ? "" : " \"" + name + "\"";
  }

  private void appendStack(StringBuilder out, long[] pcs) {
    for (long pc : pcs) {
      List<Frame> frames = symbolizer.symbolize(pc);
      if (frames == null || frames.isEmpty()) {
        frames = List.of(Frame.unknown(pc));
      }
      for (Frame f : frames) {
        out.append("  ").append(f.function()).append("()\n");
        out.append("      ").append(strip(f.file())).append(':').append(f.line()).append(" +0x")
            .append(Long.toHexString(f.offset())).append('\n');
      }
    }
  }

  private String strip(String file) {
    return !stripPathPrefix.isEmpty() && file.startsWith(stripPathPrefix)
        ? file.substring(stripPathPrefix.length())
        : file;
  }

  static String threadName(long id) {
    if (id == 0) {
      return "main thread";
    }
    return id == RaceAccess.UNKNOWN_THREAD ? "unknown thread" : "thread " + id;
  }

  static String hexAddress(long addr) {
    return String.format(Locale.ROOT, "0x%016x", addr);
  }
}
