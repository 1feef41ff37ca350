package dev.racekit.core;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where report text goes, as the {@code log_path} option says: stderr, stdout, nowhere ({@code none}), a device or
 * pipe as named ({@code /dev/null}), or {@code path.<pid>}; or a stream the tool gave
 * ({@link RaceKit.Builder#reportOutput}).
 */
final class ReportLog {
  private final PrintStream out;
  private final boolean owned;

  private ReportLog(PrintStream out, boolean owned) {
    this.out = out;
    this.owned = owned;
  }

  /** The tool's own stream: flushed after each write, never closed (the tool owns it). */
  static ReportLog to(PrintStream out) {
    return new ReportLog(out, false);
  }

  static ReportLog open(String logPath) {
    switch (logPath) {
      case "stderr":
        return new ReportLog(System.err, false);
      case "stdout":
        return new ReportLog(System.out, false);
      case "none":
        return new ReportLog(new PrintStream(OutputStream.nullOutputStream()), false);
      default:
        java.io.File named = new java.io.File(logPath);
        // a device or a pipe is written as named: "/dev/null.<pid>" would be a new file beside the device
        boolean special = named.exists() && !named.isFile() && !named.isDirectory();
        String file = special ? logPath : logPath + "." + ProcessHandle.current().pid();
        try {
          OutputStream os = new FileOutputStream(file, true);
          return new ReportLog(new PrintStream(os, true, StandardCharsets.UTF_8), true);
        } catch (IOException e) {
          throw new UncheckedIOException("racekit: cannot open log_path file " + file, e);
        }
    }
  }

  void write(String text) {
    out.print(text);
    out.flush();
  }

  void close() {
    out.flush();
    if (owned) {
      out.close();
    }
  }
}
