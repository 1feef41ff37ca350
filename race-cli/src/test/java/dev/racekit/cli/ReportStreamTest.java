package dev.racekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code racekit replay} prints its reports on the command's own output through the detector's report stream: replays
 * running at once in one JVM each print exactly their own reports, and {@code System.out} is never borrowed.
 */
class ReportStreamTest {

  /** The report blocks of a replay's output, without the summary (which holds timings). */
  private static String reports(String out) {
    return out.substring(0, out.indexOf("\nReplayed "));
  }

  @Test
  void replaysRunningAtOnceEachPrintTheirOwnReports() throws Exception {
    String[] traces = {"bank-account.std", "lazy-init.std"};
    String[] expected = new String[traces.length];
    for (int i = 0; i < traces.length; i++) {
      expected[i] = reports(Cli.run("replay", "--backend", "java", Cli.examples().resolve(traces[i]).toString()).out());
      assertEquals(2, expected[i].split("WARNING: DATA RACE", -1).length - 1, expected[i]);
    }
    assertFalse(expected[0].equals(expected[1]));

    PrintStream saved = System.out;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger swapped = new AtomicInteger();
    Thread watcher = new Thread(() -> {
      while (running.get()) {
        if (System.out != capture) {
          swapped.incrementAndGet();
        }
      }
    });
    watcher.start();
    try {
      List<Future<Cli>> runs = new ArrayList<>();
      for (int k = 0; k < 16; k++) {
        String trace = Cli.examples().resolve(traces[k % 2]).toString();
        runs.add(pool.submit(() -> Cli.run("replay", "--backend", "java", trace)));
      }
      for (int k = 0; k < runs.size(); k++) {
        Cli r = runs.get(k).get();
        assertEquals(66, r.exit(), r.toString());
        assertEquals(expected[k % 2], reports(r.out()), "run " + k);
      }
    } finally {
      running.set(false);
      watcher.join();
      pool.shutdownNow();
      System.setOut(saved);
    }
    assertEquals(0, swapped.get(), "System.out was replaced while the replays ran");
    assertEquals("", stdout.toString(StandardCharsets.UTF_8), "nothing went to System.out");
  }
}
