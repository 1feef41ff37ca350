package dev.racekit.agent;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.agent.rt.Rt;
import dev.racekit.core.RaceKit;
import dev.racekit.core.ReportFormatter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * At exit: {@code Found N data race(s)} on the report stream (then the suppressions' count, if any), and exit status
 * {@code exitcode} when races were found and the program would have exited 0. The detector is not closed: other
 * threads may still be running.
 */
final class ExitSummary {
  private ExitSummary() {}

  /** @param beforeExit run once the program's own hooks are done, before the summary (the class cache's save) */
  static void install(RaceDetector detector, RaceOptions options, Runnable beforeExit) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> finish(detector, options, beforeExit), "racekit-exit"));
  }

  private static void finish(RaceDetector detector, RaceOptions options, Runnable beforeExit) {
    // The JVM runs hooks concurrently; ours ends in a halt, so it lets the others finish first.
    Rt.awaitOtherShutdownHooks();
    Rt.disable();
    try {
      beforeExit.run();
    } catch (RuntimeException | Error e) {
      System.err.println("racekit-agent: " + e);
    }
    long races = detector.reportCount();
    String summary = (races > 0 ? ReportFormatter.summary(races) : "") + RaceKit.suppressedSummary(detector);
    if (!summary.isEmpty()) {
      write(options.logPath(), summary);
    }
    if (races == 0) {
      return;
    }
    if (Rt.exitStatus() == 0) {
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(options.exitCode());
    }
  }

  private static void write(String logPath, String text) {
    switch (logPath) {
      case "stderr" -> {
        System.err.print(text);
        System.err.flush();
      }
      case "stdout" -> {
        System.out.print(text);
        System.out.flush();
      }
      case "none" -> {
        // report text switched off; the exit status still says races were found
      }
      default -> {
        java.io.File named = new java.io.File(logPath);
        // the same rule as the detector's report log: a device or pipe as named, else path.<pid>
        boolean special = named.exists() && !named.isFile() && !named.isDirectory();
        String file = special ? logPath : logPath + "." + ProcessHandle.current().pid();
        try (OutputStream out = new FileOutputStream(file, true);
            PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
          ps.print(text);
        } catch (IOException e) {
          System.err.print(text);
        }
      }
    }
  }
}
