package dev.racekit.purejava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.AccessType;
import dev.racekit.RaceReport;
import org.junit.jupiter.api.Test;

/**
 * The access path (race-native/src/access.c; the native checks are in test_races.c and test_memory.c): which cells
 * it compares, which it stores where, and what it skips.
 */
class AccessTest {
  private static final long BASE = TestDetector.BASE;
  private static final long WRITE = 0;
  private static final long READ = Cell.READ;

  @Test
  void aWriteIsStoredInTheFirstEmptyCellWithTheThreadsStamp() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    Access.access(m, BASE + 0x12, 2, 0x1, WRITE);
    assertArrayEquals(new long[] {m.stamp | 0x0C, 0}, t.cells(BASE + 0x10));
    Access.access(m, BASE + 0x10, 1, 0x2, READ);
    assertArrayEquals(new long[] {m.stamp | 0x0C, m.stamp | READ | 0x01}, t.cells(BASE + 0x10));
  }

  @Test
  void theSameThreadReplacesItsCellOfTheSameKind() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    Access.access(m, BASE, 8, 0x1, READ);
    Threads.incrementEpoch(m);
    Access.access(m, BASE, 8, 0x2, WRITE); // a write may replace this thread's read of the same bytes
    assertArrayEquals(new long[] {m.stamp | 0xFF, 0}, t.cells(BASE));
    Threads.incrementEpoch(m);
    Access.access(m, BASE, 8, 0x3, READ); // a read may not replace a write: it takes the empty cell
    assertArrayEquals(new long[] {Cell.stamp(0, 2) | 0xFF, m.stamp | READ | 0xFF}, t.cells(BASE));
  }

  @Test
  void aFullWordEvictsByTheThreadsCounter() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    JavaRaceThread a = t.start(m, 0x1);
    JavaRaceThread b = t.start(m, 0x2);
    JavaRaceThread c = t.start(m, 0x3);
    Access.access(a, BASE, 8, 0x1, READ);
    Access.access(b, BASE, 8, 0x2, READ);
    assertEquals(0, c.evictions);
    Access.access(c, BASE, 8, 0x3, READ); // reads do not race: cell 0 is evicted
    assertEquals(c.stamp | READ | 0xFF, t.cells(BASE)[0]);
    Access.access(c, BASE + 8, 8, 0x3, READ);
    Access.access(a, BASE + 8, 8, 0x3, READ);
    Access.access(b, BASE + 8, 8, 0x3, READ); // b's counter is 0 too: cell 0 again
    assertEquals(b.stamp | READ | 0xFF, t.cells(BASE + 8)[0]);
    assertEquals(1, c.evictions);
    assertEquals(0, t.drain());
  }

  @Test
  void checkWordReportsAnUnorderedConflictAndStoresNothing() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    JavaRaceThread c = t.start(m, 0x900);
    long[] page = new long[Cell.CELLS_PER_WORD];
    page[1] = c.stamp | 0x0F; // the child's write of the low four bytes, unknown to main
    long cur = m.stamp | 0x0F;
    assertTrue(Access.checkWord(m, page, 0, BASE, cur, BASE, 4, AccessType.WRITE, 0x5, true));
    assertEquals(0, page[0], "a racing access is not stored");
    assertEquals(1, t.drain());
    assertFalse(Access.checkWord(m, page, 0, BASE, m.stamp | READ | 0xF0 | Cell.ATOMIC, BASE + 4, 4,
        AccessType.ATOMIC_READ, 0x6, true), "other bytes");
    assertEquals(m.stamp | READ | Cell.ATOMIC | 0xF0, page[0]);
  }

  @Test
  void readsDoNotRaceWithReadsNorAtomicsWithAtomics() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    JavaRaceThread c = t.start(m, 0x900);
    long[] page = {c.stamp | READ | 0xFF, c.stamp | Cell.ATOMIC | 0xFF};
    assertFalse(Access.checkWord(m, page, 0, BASE, m.stamp | READ | Cell.ATOMIC | 0xFF, BASE, 8,
        AccessType.ATOMIC_READ, 0x1, false));
    long[] page2 = {c.stamp | Cell.ATOMIC | 0xFF, 0};
    assertTrue(Access.checkWord(m, page2, 0, BASE, m.stamp | READ | 0xFF, BASE, 8, AccessType.READ, 0x2, false),
        "a plain read races with an unordered atomic write");
    assertEquals(1, t.drain());
  }

  @Test
  void aCellBelowItsSlotsFloorCountsAsEmpty() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    long stale = Cell.stamp(5, 3) | 0xFF; // slot 5, epoch 3: an owner that was forgotten
    t.d.slots.floor[5] = 4;
    long[] page = {stale, m.stamp | 0x01};
    assertFalse(Access.checkWord(m, page, 0, BASE, m.stamp | 0xF0, BASE + 4, 4, AccessType.WRITE, 0x1, true));
    assertEquals(m.stamp | 0xF0, page[0], "the forgotten cell was the empty one to take");
    assertEquals(0, t.drain());
  }

  @Test
  void anAccessAlreadyRecordedIsSkippedBeforeAnyCheck() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    JavaRaceThread c = t.start(m, 0x900);
    Access.access(m, BASE, 8, 0x1, WRITE);
    long[] before = t.cells(BASE);
    Access.access(m, BASE, 8, 0x2, READ); // covered by the write of the same epoch
    assertArrayEquals(before, t.cells(BASE));
    Access.access(c, BASE, 8, 0x3, WRITE);
    assertEquals(1, t.drain());
  }

  @Test
  void unmappedAndIgnoredAccessesTouchNoCell() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    Access.access(m, 0x10, 8, 0x1, WRITE);
    Access.accessRange(m, 0x10, 0x100, 0x1, AccessType.READ);
    assertEquals(2, m.unmapped);
    Threads.ignoreBegin(m);
    Access.access(m, BASE, 8, 0x1, WRITE);
    Access.accessRange(m, BASE, 64, 0x1, AccessType.WRITE);
    Threads.ignoreEnd(m);
    assertArrayEquals(new long[2], t.cells(BASE));
    assertArrayEquals(new long[2], t.cells(BASE + 56));
    assertEquals(2, m.unmapped);
    assertThrows(IllegalArgumentException.class, () -> Access.access(m, BASE + 6, 4, 0x1, WRITE), "straddles");
  }

  @Test
  void aRangeCoversEveryWordWithItsBytesAndStopsAtTheFirstRace() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    JavaRaceThread c = t.start(m, 0x900);
    Access.accessRange(m, BASE + 0x103, 0x10, 0x1, AccessType.WRITE); // 0x103..0x112
    assertEquals(m.stamp | 0xF8, t.cells(BASE + 0x100)[0]);
    assertEquals(m.stamp | 0xFF, t.cells(BASE + 0x108)[0]);
    assertEquals(m.stamp | 0x07, t.cells(BASE + 0x110)[0]);
    Access.accessRange(c, BASE + 0x100, 0x18, 0x2, AccessType.READ);
    RaceReport r = t.next(); // in the first word: this thread's bytes of it, the earlier cell's bytes
    assertEquals(BASE + 0x100, r.current().address());
    assertEquals(8, r.current().size());
    assertEquals(BASE + 0x103, r.previous().address());
    assertEquals(5, r.previous().size());
    assertNull(t.poll(), "one report per range: it stops at the first race");
  }

  @Test
  void mallocClearsTheTouchedWordsAndForgetsSyncObjects() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    JavaRaceThread c = t.start(m, 0x900);
    Access.access(m, BASE + 0xB00, 8, 0x1, WRITE);
    Access.access(m, BASE + 0xB40, 8, 0x1, WRITE);
    Threads.release(m, BASE + 0xB80, false);
    Access.malloc(c, BASE + 0xB04, 0x80); // the words 0xB00..0xB80
    assertArrayEquals(new long[2], t.cells(BASE + 0xB00));
    assertArrayEquals(new long[2], t.cells(BASE + 0xB40));
    assertEquals(0, t.d.syncs.count());
  }

  @Test
  void freeIsCheckedLikeAWriteThenLeavesTheFreedMarker() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    JavaRaceThread c = t.start(m, 0x900);
    Access.access(c, BASE + 0x808, 8, 0x801, READ);
    Access.free(m, BASE + 0x800, 24, 0x802);
    RaceReport r = t.next();
    assertEquals(AccessType.FREE, r.current().type());
    assertEquals(AccessType.READ, r.previous().type());
    for (long w = 0x800; w < 0x818; w += 8) {
      assertArrayEquals(new long[] {Cell.FREED | Cell.stamp(0, 2) | 0xFF, 0}, t.cells(BASE + w));
    }
    Access.access(c, BASE + 0x810, 8, 0x803, WRITE);
    assertEquals(RaceReport.Kind.USE_AFTER_FREE, t.next().kind());
  }

  @Test
  void anIgnoredFreeOnlyResetsTheRange() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    Access.access(m, BASE + 0x900, 8, 0x1, WRITE);
    Threads.ignoreBegin(m);
    Access.free(m, BASE + 0x900, 8, 0x2);
    Threads.ignoreEnd(m);
    assertArrayEquals(new long[2], t.cells(BASE + 0x900));
  }
}
