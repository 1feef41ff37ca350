package dev.racekit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code RaceKit.builder().reportOutput(stream)}: the report text goes to the tool's stream, and only there. */
class ReportOutputTest {
  @TempDir Path tmp;

  /** A stream that remembers whether it was closed. */
  private static final class Capture extends PrintStream {
    final ByteArrayOutputStream bytes;
    boolean closed;

    Capture() {
      this(new ByteArrayOutputStream());
    }

    private Capture(ByteArrayOutputStream bytes) {
      super(bytes, false, StandardCharsets.UTF_8);
      this.bytes = bytes;
    }

    @Override
    public void close() {
      closed = true;
      super.close();
    }

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void reportsAndTheSummaryGoToTheStreamAndNotToStandardOutput() {
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream std = new ByteArrayOutputStream();
    Capture capture = new Capture();
    System.setOut(new PrintStream(std, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(std, true, StandardCharsets.UTF_8));
    try (RaceDetector d = RaceKit.builder().backend("fast").options(RaceOptions.parse("log_path=stdout"))
        .reportOutput(capture).open()) {
      FakeProviders.lastBackend.context.reports().report(Reports.example());
      assertTrue(capture.text().startsWith("==================\nWARNING: DATA RACE\n"),
          "flushed after the report, before close: " + capture.text());
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
    assertTrue(capture.text().endsWith("==================\nFound 1 data race(s)\n"), capture.text());
    assertFalse(std.toString(StandardCharsets.UTF_8).contains("DATA RACE"), "log_path=stdout was overridden");
    assertFalse(capture.closed, "the tool's stream stays open");
    capture.print("after");
    capture.flush();
    assertTrue(capture.text().endsWith("after"));
  }

  @Test
  void theStreamTakesThePlaceOfALogFile() {
    Path base = tmp.resolve("log");
    Capture capture = new Capture();
    try (RaceDetector d = RaceKit.builder().backend("fast").options(RaceOptions.parse("log_path=" + base))
        .reportOutput(capture).open()) {
      FakeProviders.lastBackend.context.reports().report(Reports.example());
    }
    assertTrue(capture.text().contains("WARNING: DATA RACE"), capture.text());
    assertFalse(Files.exists(Path.of(base + "." + ProcessHandle.current().pid())), "no log file was opened");
  }

  @Test
  void detectorsOpenedAtOnceKeepTheirOwnStreams() throws Exception {
    int n = 4;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    Capture[] captures = new Capture[n];
    Future<?>[] done = new Future<?>[n];
    try {
      for (int i = 0; i < n; i++) {
        Capture c = captures[i] = new Capture();
        int races = i + 1;
        done[i] = pool.submit(() -> {
          go.await();
          try (RaceDetector d = RaceKit.builder().backend("fast").reportOutput(c).open()) {
            FakeProviders.FakeBackend backend = FakeProviders.lastBackendOfThisThread.get();
            for (int k = 0; k < races; k++) {
              backend.context.reports().report(Reports.race(0x100 + k, 0x10));
            }
          }
          return null;
        });
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < n; i++) {
      String text = captures[i].text();
      assertEquals(i + 1, text.split("WARNING: DATA RACE", -1).length - 1, text);
      assertTrue(text.endsWith("Found " + (i + 1) + " data race(s)\n"), text);
    }
  }

  @Test
  void theShadowFootprintIsTheBackendsOwnCount() {
    try (RaceDetector d = RaceKit.builder().backend("fast").reportOutput(new Capture()).open()) {
      assertEquals(4096, d.shadowMemoryBytes());
    }
  }
}
