package dev.racekit.agent;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.agent.rt.Rt;
import dev.racekit.core.RaceKit;
import dev.racekit.core.ReportFormatter;
import dev.racekit.spi.InternalThreads;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * At exit: {@code Found N data race(s)} on the report stream (then the suppressions' count, if any), and exit status
 * {@code exitcode} when races were found and the program would have exited 0. The detector is not closed: other
 * threads may still be running.
 *
 * <p>The summary goes to {@code System.err} (or {@code System.out}) as it was when the agent started, which is where
 * the detector writes its reports: a test harness replaces those streams with its own channel and may shut that
 * channel before the last hook runs (Maven Surefire's forked JVM does: the reports reached the build's output and the
 * summary was lost).
 */
final class ExitSummary {
  private ExitSummary() {}

  /** @param beforeExit run once the program's own hooks are done, before the summary (the class cache's save) */
  static void install(RaceDetector detector, RaceOptions options, Runnable beforeExit) {
    PrintStream err = System.err;
    PrintStream out = System.out;
    Runtime.getRuntime().addShutdownHook(InternalThreads.newThread(
        () -> finish(detector, options, beforeExit, err, out), "racekit-exit"));
  }

  private static void finish(RaceDetector detector, RaceOptions options, Runnable beforeExit, PrintStream err,
      PrintStream out) {
    // The JVM runs hooks concurrently; ours ends in a halt, so it lets the others finish first.
    Rt.awaitOtherShutdownHooks();
    Rt.disable();
    try {
      beforeExit.run();
    } catch (RuntimeException | Error e) {
      err.println("racekit-agent: " + e);
    }
    long races = detector.reportCount();
    String summary = (races > 0 ? ReportFormatter.summary(races) : "") + RaceKit.suppressedSummary(detector);
    if (!summary.isEmpty()) {
      write(options.logPath(), summary, err, out);
    }
    if (races == 0) {
      return;
    }
    if (Rt.exitStatus() == 0) {
      System.out.flush();
      System.err.flush();
      out.flush();
      err.flush();
      Runtime.getRuntime().halt(options.exitCode());
    }
  }

  private static void write(String logPath, String text, PrintStream err, PrintStream out) {
    switch (logPath) {
      case "stderr" -> {
        System.err.flush(); // what the program wrote last comes first where both streams meet
        err.print(text);
        err.flush();
      }
      case "stdout" -> {
        System.out.flush();
        out.print(text);
        out.flush();
      }
      case "none" -> {
        // report text switched off; the exit status still says races were found
      }
      default -> {
        java.io.File named = new java.io.File(logPath);
        // the same rule as the detector's report log: a device or pipe as named, else path.<pid>
        boolean special = named.exists() && !named.isFile() && !named.isDirectory();
        String file = special ? logPath : logPath + "." + ProcessHandle.current().pid();
        try (OutputStream os = new FileOutputStream(file, true);
            PrintStream ps = new PrintStream(os, true, StandardCharsets.UTF_8)) {
          ps.print(text);
        } catch (IOException e) {
          err.print(text);
          err.flush();
        }
      }
    }
  }
}
