package dev.racekit.tck;

import static dev.racekit.AccessType.FREE;
import static dev.racekit.AccessType.READ;
import static dev.racekit.AccessType.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Detector rules every backend must share, stated at the level of the API: slot recycling never makes an unordered
 * access look ordered, which cell a full word gives up, what a thread's own later access replaces, that an ignored
 * acquire orders nothing, and that free, malloc and ended threads cost memory in proportion to what was touched and
 * what is alive, not to the size of a range or the number of threads a run ever had.
 */
public abstract class DetectorRuleCases extends MisuseCases {
  /** A 1 GiB range and a 64 GiB range (the largest a mapping may be), far from the scenario's range. */
  static final long GIB_RANGE = BASE + (1L << 36);
  static final long HUGE_RANGE = BASE + (1L << 37);
  static final long HUGE_SIZE = 64L << 30;

  // ---- slot recycling ----

  /**
   * A writes X and ends unjoined; then 200 threads one after another and 100 at once are started, ended and joined
   * by main. Their slots are recycled, and none of that orders main after A: main's write races with A's.
   */
  @Test
  void raceWithAnUnjoinedThreadSurvivesSlotRecycling() {
    withChild("history_size=0", 0x10, (s, a) -> {
      Access earlier = make(a, WRITE, X, 8, 0x11);
      a.end();
      for (int i = 0; i < 200; i++) {
        RaceThread t = s.start(0x12);
        t.write(Y + 8L * (i % 16), 8, 0x13);
        s.endAndJoin(s.main(), t);
      }
      List<RaceThread> batch = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        batch.add(s.start(0x14));
      }
      for (RaceThread t : batch) {
        s.endAndJoin(s.main(), t);
      }
      assertRace(s, make(s.main(), WRITE, X, 8, 0x15), earlier);
    });
  }

  /**
   * The quarantine: while at most 64 unjoined threads' slots wait, a new thread never takes one of them, so the
   * oldest unjoined thread's accesses still race with a thread that joined the newcomer.
   */
  @Test
  void unjoinedSlotsWaitInTheQuarantine() {
    withChild("history_size=0", 0x10, (s, a) -> {
      Access earlier = make(a, WRITE, X, 8, 0x11);
      a.end();
      for (int i = 0; i < 63; i++) { // with a, 64 unjoined slots wait
        RaceThread t = s.start(0x12);
        t.write(FILL + 8L * i, 8, 0x13);
        t.end();
      }
      RaceThread joined = s.start(0x14);
      joined.write(Z, 8, 0x15);
      s.endAndJoin(s.main(), joined);
      assertRace(s, make(s.main(), WRITE, X, 8, 0x16), earlier);
    });
  }

  // ---- cells ----

  /**
   * A word has two cells. When both hold other threads' accesses, a thread's n-th eviction replaces cell n mod 2
   * (a per-thread counter, so every backend evicts alike): T3's first eviction replaces T1's read of X (cell 0), its
   * second T2's read of Y (cell 1). A write then races with the first cell it conflicts with.
   */
  @Test
  void aFullWordEvictsTheCellThePerThreadCounterPicks() {
    withThreeChildren(0x10, 0x11, 0x12, (s, t1, t2, t3) -> {
      t1.read(X, 8, 0x20);
      t2.read(X, 8, 0x21);
      t1.read(Y, 8, 0x22);
      t2.read(Y, 8, 0x23);
      t3.read(X, 8, 0x24); // X: [t3, t2]
      t3.read(Y, 8, 0x25); // Y: [t1, t3]
      s.main().write(X, 8, 0x30);
      s.main().write(Y, 8, 0x31);
      List<RaceReport> reports = s.reports();
      assertEquals(2, reports.size(), () -> "reports " + reports);
      assertReport(reports.get(0), RaceReport.Kind.DATA_RACE,
          access(s.main(), WRITE, X, 8, 0x30), access(t3, READ, X, 8, 0x24));
      assertReport(reports.get(1), RaceReport.Kind.DATA_RACE,
          access(s.main(), WRITE, Y, 8, 0x31), access(t1, READ, Y, 8, 0x22));
    });
  }

  /**
   * A thread's later read of a word does not replace its own write cell (a read is weaker), so a thread unordered
   * with the writer still races with the write.
   */
  @Test
  void aThreadsReadDoesNotReplaceItsOwnWriteCell() {
    withTwoChildren(0x10, 0x11, (s, other, t) -> {
      Access earlier = make(t, WRITE, X, 8, 0x20);
      t.release(L1); // a new epoch, so the read is not already covered by the write of this epoch
      t.read(X, 8, 0x21);
      assertRace(s, make(other, READ, X, 8, 0x22), earlier);
    });
  }

  /** An acquire inside an ignore region is not tracked: it orders nothing after the region ends. */
  @Test
  void anAcquireInsideAnIgnoreRegionOrdersNothing() {
    withChild(0x10, (s, t) -> {
      Access earlier = make(s.main(), WRITE, X, 8, 0x20);
      s.main().release(L1);
      t.ignoreBegin();
      t.acquire(L1);
      t.ignoreEnd();
      assertRace(s, make(t, WRITE, X, 8, 0x21), earlier);
    });
  }

  // ---- free and malloc of huge ranges ----

  /**
   * After a free, an unordered access is a use after free in the first KiB of the block and in every word that had
   * been accessed; a word past the first KiB that nobody had touched holds no marker.
   */
  @Test
  void freeMarksTheFirstKibAndTheTouchedWords() {
    Scenario s = open();
    s.detector().mapShadow(GIB_RANGE, 1L << 30);
    RaceThread reader = s.start(0x10);
    long touched = GIB_RANGE + (512L << 20);
    s.main().write(touched, 8, 0x11);
    s.main().free(GIB_RANGE, 1L << 30, 0x12);
    reader.read(GIB_RANGE + 1016, 8, 0x13); // the last word of the first KiB
    reader.read(touched, 8, 0x14);
    reader.read(GIB_RANGE + 1024, 8, 0x15); // untouched, past the first KiB
    reader.read(GIB_RANGE + (1L << 30) - 8, 8, 0x16);
    List<RaceReport> reports = s.reports();
    assertEquals(2, reports.size(), () -> "reports " + reports);
    assertReport(reports.get(0), RaceReport.Kind.USE_AFTER_FREE,
        access(reader, READ, GIB_RANGE + 1016, 8, 0x13), access(s.main(), FREE, GIB_RANGE + 1016, 8, 0x12));
    assertReport(reports.get(1), RaceReport.Kind.USE_AFTER_FREE,
        access(reader, READ, touched, 8, 0x14), access(s.main(), FREE, touched, 8, 0x12));
  }

  /**
   * Mapping, freeing and malloc'ing 1 GiB and 64 GiB of untouched memory: the heap and the resident set grow by
   * little (a free used to write a marker into every word: 2 GiB of shadow for 1 GiB, without bound for 64 GiB).
   */
  @Test
  void freeAndMallocOfHugeRangesCostWhatWasTouched() {
    Scenario s = open();
    long heapBeforeMapping = ScaleCases.usedHeap();
    long residentBeforeMapping = residentBytes();
    s.detector().mapShadow(GIB_RANGE, 1L << 30);
    s.detector().mapShadow(HUGE_RANGE, HUGE_SIZE);
    long mappingHeap = ScaleCases.usedHeap() - heapBeforeMapping;
    long mappingResident = residentBytes() - residentBeforeMapping;
    assertTrue(mappingHeap < 8L << 20, "mapping 65 GiB grew the heap by " + (mappingHeap >> 20) + " MiB");
    assertTrue(mappingResident < 64L << 20, "mapping 65 GiB grew the resident set by " + (mappingResident >> 20)
        + " MiB");
    RaceThread t = s.start(0x10);
    t.write(HUGE_RANGE + (40L << 30), 8, 0x11);
    s.endAndJoin(s.main(), t);
    long heapBefore = ScaleCases.usedHeap();
    long residentBefore = residentBytes();
    s.main().free(GIB_RANGE, 1L << 30, 0x12);
    s.main().free(HUGE_RANGE, HUGE_SIZE, 0x13);
    s.main().malloc(HUGE_RANGE, HUGE_SIZE);
    s.main().malloc(GIB_RANGE, 1L << 30);
    long heapGrowth = ScaleCases.usedHeap() - heapBefore;
    long residentGrowth = residentBytes() - residentBefore;
    assertTrue(heapGrowth < 64L << 20, "heap grew by " + (heapGrowth >> 20) + " MiB");
    assertTrue(residentGrowth < 256L << 20, "resident set grew by " + (residentGrowth >> 20) + " MiB");
    RaceThread u = s.start(0x14);
    u.write(HUGE_RANGE + (40L << 30), 8, 0x15); // malloc made it fresh
    u.write(GIB_RANGE, 8, 0x16);
    assertNoRace(s);
  }

  // ---- ended threads ----

  /**
   * Callers may keep ended threads to join them later (a trace replayer keeps every thread it saw): 20,000 ended,
   * joined and kept threads cost about their clocks, not their histories.
   */
  @Test
  void endedThreadsKeptByTheCallerCostLittle() {
    Scenario s = open(); // the default history: a thread's ring is tens of KiB
    List<RaceThread> kept = new ArrayList<>();
    long heapBefore = ScaleCases.usedHeap();
    for (int i = 0; i < 20_000; i++) {
      RaceThread t = s.start(0x10);
      t.funcEnter(0x11);
      t.write(Y + 8L * (i % 64), 8, 0x12);
      t.funcExit();
      s.endAndJoin(s.main(), t);
      kept.add(t);
    }
    long growth = ScaleCases.usedHeap() - heapBefore;
    assertTrue(growth < 32L << 20, "heap grew by " + (growth >> 20) + " MiB for 20,000 ended threads");
    assertEquals(20_000, kept.size());
    s.main().write(Y, 8, 0x13);
    assertNoRace(s);
  }

  /** This process's resident set from /proc/self/statm, or 0 where there is none (the bound then holds trivially). */
  static long residentBytes() {
    Path statm = Path.of("/proc/self/statm");
    if (!Files.isReadable(statm)) {
      return 0;
    }
    try {
      String[] fields = Files.readString(statm).trim().split("\\s+");
      return Long.parseLong(fields[1]) * 4096;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
