package dev.racekit.purejava;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.racekit.RaceOptions;
import dev.racekit.RaceReport;
import dev.racekit.spi.BackendContext;
import dev.racekit.spi.ReportSink;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/** A Java detector with one mapped range and its reports in a queue, as race-native/test/util.c opens one. */
final class TestDetector {
  static final long BASE = 0x100000L;
  static final long SIZE = 0x10000L;

  final JavaBackend d;
  private final Deque<RaceReport> reports = new ArrayDeque<>();

  TestDetector(int historySize) {
    RaceOptions options = RaceOptions.builder().historySize(historySize).build();
    ReportSink sink = r -> {
      synchronized (reports) {
        reports.add(r);
      }
    };
    d = new JavaBackend(new BackendContext() {
      @Override
      public RaceOptions options() {
        return options;
      }

      @Override
      public ReportSink reports() {
        return sink;
      }
    });
    d.mapShadow(BASE, SIZE);
  }

  JavaRaceThread main() {
    return (JavaRaceThread) d.mainThread();
  }

  JavaRaceThread start(JavaRaceThread parent, long pc) {
    return (JavaRaceThread) d.startThread(parent, pc);
  }

  /** The next report; fails when there is none. */
  RaceReport next() {
    RaceReport r = poll();
    assertNotNull(r, "a race was expected");
    return r;
  }

  /** The next report, or null. */
  RaceReport poll() {
    synchronized (reports) {
      return reports.poll();
    }
  }

  /** Drops the queued reports and says how many there were. */
  int drain() {
    synchronized (reports) {
      int n = reports.size();
      reports.clear();
      return n;
    }
  }

  /** The two cells of the word holding {@code addr}, read straight from the shadow ({0, 0} when never touched). */
  long[] cells(long addr) {
    ShadowRange r = d.shadow.find(addr);
    assertNotNull(r, "unmapped address");
    long[] page = r.pageIfPresent(addr - r.base);
    if (page == null) {
      return new long[Cell.CELLS_PER_WORD];
    }
    int i = ShadowRange.cellIndex(addr - r.base);
    return Arrays.copyOfRange(page, i, i + Cell.CELLS_PER_WORD);
  }
}
