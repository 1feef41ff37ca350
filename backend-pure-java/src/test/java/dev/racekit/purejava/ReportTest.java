package dev.racekit.purejava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.AccessType;
import dev.racekit.RaceAccess;
import dev.racekit.RaceReport;
import org.junit.jupiter.api.Test;

/** Report building (race-native/src/report.c; the native check of the same report is test_report.c). */
class ReportTest {
  private static final long BASE = TestDetector.BASE;

  /** The race of test_report_layout, field by field. */
  @Test
  void bothAccessesBothStacksAndBothThreads() {
    TestDetector t = new TestDetector(1);
    JavaRaceThread m = t.main();
    m.funcEnter(0xE1);
    JavaRaceThread c = t.start(m, 0xC1); // creation stack [0xC1, 0xE1]
    c.funcEnter(0xF1);
    c.funcEnter(0xF2);
    c.write(BASE + 0x21, 2, 0xA1); // stack [0xA1, 0xF2, 0xF1]
    m.atomicRead(BASE + 0x20, 4, 0xB1); // stack [0xB1, 0xE1]
    RaceReport r = t.next();
    assertEquals(RaceReport.Kind.DATA_RACE, r.kind());
    RaceAccess cur = r.current();
    assertEquals(0, cur.threadId());
    assertEquals(BASE + 0x20, cur.address());
    assertEquals(4, cur.size());
    assertEquals(AccessType.ATOMIC_READ, cur.type());
    assertArrayEquals(new long[] {0xB1, 0xE1}, cur.stack());
    RaceAccess prev = r.previous();
    assertEquals(1, prev.threadId());
    assertEquals(BASE + 0x21, prev.address(), "the first byte of the earlier cell's mask");
    assertEquals(2, prev.size(), "the bytes in the earlier cell's mask");
    assertEquals(AccessType.WRITE, prev.type());
    assertTrue(prev.stackRestored());
    assertArrayEquals(new long[] {0xA1, 0xF2, 0xF1}, prev.stack());
    assertEquals(0, r.currentThread().id());
    assertTrue(r.currentThread().running());
    assertArrayEquals(new long[0], r.currentThread().creationStack());
    assertEquals(1, r.previousThread().id());
    assertTrue(r.previousThread().running());
    assertArrayEquals(new long[] {0xC1, 0xE1}, r.previousThread().creationStack());
    assertNull(t.poll());
  }

  @Test
  void anEndedPreviousThreadIsNotRunning() {
    TestDetector t = new TestDetector(1);
    JavaRaceThread m = t.main();
    JavaRaceThread c = t.start(m, 0xC1);
    c.write(BASE, 8, 0xA1);
    c.end(); // not joined
    m.write(BASE, 8, 0xB1);
    RaceReport r = t.next();
    assertEquals(1, r.previousThread().id());
    assertFalse(r.previousThread().running());
    assertArrayEquals(new long[] {0xA1}, r.previous().stack(), "the journal keeps the ended thread's history");
  }

  @Test
  void aCellOfAFreeIsAUseAfterFree() {
    TestDetector t = new TestDetector(1);
    JavaRaceThread m = t.main();
    JavaRaceThread c = t.start(m, 0x900);
    Report.race(c, Cell.FREED | Cell.stamp(0, 1) | 0xF0, BASE, BASE + 4, 4, AccessType.READ, 0x2);
    RaceReport r = t.next();
    assertEquals(RaceReport.Kind.USE_AFTER_FREE, r.kind());
    assertEquals(AccessType.FREE, r.previous().type());
    assertEquals(BASE + 4, r.previous().address());
    assertEquals(4, r.previous().size());
  }

  @Test
  void aSlotNobodyRemembersGivesAnUnknownThreadWithoutStack() {
    TestDetector t = new TestDetector(1);
    JavaRaceThread m = t.main();
    Report.race(m, Cell.stamp(500, 1) | 0x01, BASE, BASE, 1, AccessType.WRITE, 0x3); // slot 500 was never used
    RaceReport r = t.next();
    assertEquals(RaceAccess.UNKNOWN_THREAD, r.previous().threadId());
    assertFalse(r.previous().stackRestored());
    assertEquals(RaceAccess.UNKNOWN_THREAD, r.previousThread().id());
    assertFalse(r.previousThread().running());
    assertArrayEquals(new long[] {0x3}, r.current().stack());
  }
}
