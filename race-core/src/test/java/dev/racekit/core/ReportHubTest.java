package dev.racekit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceListener;
import dev.racekit.RaceOptions;
import dev.racekit.RaceReport;
import dev.racekit.Symbolizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deduplication, counting, printing and listeners, behind the backend's report sink; and the log it writes to. */
class ReportHubTest {
  @TempDir Path tmp;

  private Path logBase;

  private ReportHub hub(String options) {
    logBase = tmp.resolve("hub");
    RaceOptions o = RaceOptions.parse(options + " log_path=" + logBase);
    return new ReportHub(o, new ReportFormatter(Symbolizer.raw(), ""), ReportLog.open(o.logPath()));
  }

  /** A hub with the default options that has been given {@code reports}, in order. */
  private ReportHub hubGiven(RaceReport... reports) {
    ReportHub hub = hub("");
    for (RaceReport r : reports) {
      hub.report(r);
    }
    return hub;
  }

  private String log() throws IOException {
    return Files.readString(Path.of(logBase + "." + ProcessHandle.current().pid()), StandardCharsets.UTF_8);
  }

  private static int rules(String text) {
    return text.split(ReportFormatter.RULE + "\n", -1).length - 1;
  }

  @Test
  void samePcPairIsCountedAndPrintedOnce() throws IOException {
    ReportHub hub = hub("");
    List<RaceReport> seen = new ArrayList<>();
    hub.addListener(seen::add);
    hub.report(Reports.race(0x20, 0x10));
    hub.report(Reports.race(0x20, 0x10));
    assertEquals(1, hub.count());
    assertEquals(List.of(Reports.race(0x20, 0x10)), seen);
    assertEquals(new ReportFormatter(Symbolizer.raw(), "").format(Reports.race(0x20, 0x10)), log());
  }

  @Test
  void samePairInTheOtherOrderIsADuplicate() {
    ReportHub hub = hubGiven(Reports.race(0x20, 0x10), Reports.race(0x10, 0x20));
    assertEquals(1, hub.count());
  }

  @Test
  void differentPairsAreEachCounted() throws IOException {
    ReportHub hub = hubGiven(
        Reports.race(0x20, 0x10),
        Reports.race(0x20, 0x11),
        Reports.race(0x21, 0x10),
        Reports.race(0x20, 0x20),
        Reports.race(0x11, 0x20));
    assertEquals(4, hub.count());
    assertEquals(8, rules(log()));
  }

  @Test
  void withoutSuppressionEveryReportCounts() throws IOException {
    ReportHub hub = hub("suppress_equal_stacks=0");
    List<RaceReport> seen = new ArrayList<>();
    hub.addListener(seen::add);
    for (int i = 0; i < 3; i++) {
      hub.report(Reports.race(0x20, 0x10));
    }
    assertEquals(3, hub.count());
    assertEquals(3, seen.size());
    assertEquals(6, rules(log()));
  }

  @Test
  void reportWithALostPreviousStackIsKeyedByItsPcs() {
    ReportHub hub = hubGiven(Reports.lostPrevious(0x20), Reports.lostPrevious(0x20), Reports.lostPrevious(0x21));
    assertEquals(2, hub.count());
  }

  @Test
  void everyListenerIsCalledAndARemovedOneNoLonger() {
    ReportHub hub = hub("");
    List<RaceReport> a = new ArrayList<>();
    List<RaceReport> b = new ArrayList<>();
    RaceListener lb = b::add;
    hub.addListener(a::add);
    hub.addListener(lb);
    hub.report(Reports.race(0x20, 0x10));
    hub.removeListener(lb);
    hub.removeListener(r -> { }); // never added: nothing happens
    hub.report(Reports.race(0x21, 0x10));
    assertEquals(2, a.size());
    assertEquals(1, b.size());
  }

  @Test
  void listenerThatThrowsDoesNotStopTheOthersNorTheCount() {
    ReportHub hub = hub("");
    List<RaceReport> after = new ArrayList<>();
    hub.addListener(r -> {
      throw new IllegalStateException("listener bug (expected by this test)");
    });
    hub.addListener(after::add);
    hub.report(Reports.race(0x20, 0x10));
    hub.report(Reports.race(0x21, 0x10));
    assertEquals(2, after.size());
    assertEquals(2, hub.count());
  }

  @Test
  void closePrintsTheSummaryWhenRacesWereFound() throws IOException {
    ReportHub hub = hubGiven(Reports.race(0x20, 0x10), Reports.race(0x21, 0x10), Reports.race(0x21, 0x10));
    assertFalse(log().contains("Found"));
    hub.close();
    assertTrue(log().endsWith(ReportFormatter.RULE + "\nFound 2 data race(s)\n"), log());
  }

  @Test
  void closeWithoutRacesPrintsNothing() throws IOException {
    ReportHub hub = hub("");
    hub.close();
    assertEquals("", log());
  }

  @Test
  void concurrentDuplicatesAreCountedOnce() throws Exception {
    ReportHub hub = hub("");
    List<RaceReport> seen = new CopyOnWriteArrayList<>();
    hub.addListener(seen::add);
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    AtomicInteger failures = new AtomicInteger();
    for (int t = 0; t < threads; t++) {
      int id = t;
      new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < 1000; i++) {
            hub.report(Reports.race(0x20 + (i % 10), 0x10));
            hub.report(Reports.race(0x10, 0x20 + ((i + id) % 10)));
          }
        } catch (Throwable e) {
          failures.incrementAndGet();
        } finally {
          done.countDown();
        }
      }).start();
    }
    start.countDown();
    assertTrue(done.await(30, TimeUnit.SECONDS));
    assertEquals(0, failures.get());
    assertEquals(10, hub.count());
    assertEquals(10, seen.size());
    assertEquals(20, rules(log()));
  }

  // ---- ReportLog ----

  @Test
  void logFileGetsThePidAppendedAndIsAppendedTo() throws IOException {
    Path base = tmp.resolve("race");
    ReportLog first = ReportLog.open(base.toString());
    first.write("one\n");
    first.close();
    ReportLog second = ReportLog.open(base.toString());
    second.write("two\n");
    second.close();
    assertEquals("one\ntwo\n", Files.readString(Path.of(base + "." + ProcessHandle.current().pid())));
    assertFalse(Files.exists(base));
  }

  @Test
  void logFileThatCannotBeOpenedNamesIt() {
    String missing = tmp.resolve("no-such-dir").resolve("race").toString();
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ReportLog.open(missing));
    assertTrue(e.getMessage().contains(missing + "." + ProcessHandle.current().pid()), e.getMessage());
  }

  @Test
  void standardStreamsAreNotClosed() {
    ReportLog out = ReportLog.open("stdout");
    out.close();
    ReportLog err = ReportLog.open("stderr");
    err.close();
    assertFalse(System.out.checkError());
    System.out.print("");
    assertFalse(System.err.checkError());
  }
}
