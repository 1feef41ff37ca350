package dev.racekit.thunk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.racekit.AccessType;
import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import dev.racekit.tck.Scenario;
import dev.racekit.tck.TckBase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sized access reaches the core with the index of its range in mapping order, which the core keeps apart from its
 * base-sorted scan order. Ranges mapped below the first one, and a thread whose cached range predates them, must
 * still land on the right shadow: a wrong index would be refused (an exception) or check the wrong word.
 */
class ThunkRangeIndexTest extends TckBase implements RunsOnThunkPlatform {
  /** Mapped after the scenario's range, each below the one before: mapping order is the reverse of address order. */
  private static final long LOWER = BASE - (1L << 20);
  private static final long LOWEST = BASE - (4L << 20);
  private static final long STEP = 0x1000;

  @Override
  protected String backendName() {
    return "thunk";
  }

  @Test
  void everyRangeIsFoundByItsMappingIndex() {
    Scenario s = open();
    RaceThread t = s.start(0x10);
    t.write(X, 8, 0x20); // caches the scenario's range (index 0) before lower ranges exist
    s.detector().mapShadow(LOWER, STEP); // index 1, first in address order
    s.detector().mapShadow(LOWEST, STEP); // index 2, now first in address order
    t.write(LOWEST + 8, 4, 0x21);
    t.atomicWrite(LOWER + 16, 8, 0x22);
    t.write(X + 8, 2, 0x23); // back to the cached range, after the core's order changed
    t.write(LOWER + STEP, 8, 0x24); // between the ranges: unmapped, counted without a call
    RaceThread m = s.main();
    m.read(LOWEST + 8, 4, 0x30);
    m.atomicRead(LOWER + 16, 8, 0x31); // atomic against atomic: no race
    m.write(LOWER + 16, 8, 0x32);
    m.read(X + 8, 2, 0x33);
    m.write(X, 8, 0x34);
    List<RaceReport> reports = s.reports();
    assertEquals(List.of(LOWEST + 8, LOWER + 16, X + 8, X), reports.stream().map(r -> r.current().address()).toList());
    assertEquals(List.of(LOWEST + 8, LOWER + 16, X + 8, X), reports.stream().map(r -> r.previous().address()).toList());
    assertEquals(List.of(AccessType.WRITE, AccessType.ATOMIC_WRITE, AccessType.WRITE, AccessType.WRITE),
        reports.stream().map(r -> r.previous().type()).toList());
    assertEquals(List.of(4, 8, 2, 8), reports.stream().map(r -> r.previous().size()).toList());
    assertEquals(1, s.detector().unmappedAccessCount());
  }
}
