package dev.racekit.purejava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.AccessType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Thread lifecycle, shadow stack, ignore regions and synchronization (race-native/src/thread.c; the native checks are
 * in test_threads.c, test_races.c and test_errors.c), seen in the threads' clocks, stamps and records.
 */
class ThreadsTest {
  private static final long A = TestDetector.BASE + 0x40;

  @Test
  void aChildStartsWithItsParentsClockAndItsOwnSlotsNextEpoch() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    assertEquals(0, m.slot);
    assertArrayEquals(new long[] {1}, m.clock);
    JavaRaceThread c = t.start(m, 0x900);
    assertEquals(1, c.slot);
    assertArrayEquals(new long[] {1, 1}, c.clock, "the parent's epoch before the start");
    assertArrayEquals(new long[] {2}, m.clock, "the parent moved on");
    assertEquals(Cell.stamp(0, 2), m.stamp);
    assertEquals(Cell.stamp(1, 1), c.stamp);
    assertEquals(1, c.id());
  }

  @Test
  void theCreationStackIsTheStartPcThenTheParentsFramesInnermostFirst() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    Threads.funcEnter(m, 0xE1);
    Threads.funcEnter(m, 0xE2);
    JavaRaceThread c = t.start(m, 0xC1);
    assertArrayEquals(new long[] {0xC1, 0xE2, 0xE1}, c.record.creationStack);
    assertArrayEquals(new long[0], m.record.creationStack);
  }

  @Test
  void theShadowStackGrowsAndAnExitWithoutEntryFails() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    for (int i = 0; i < 40; i++) {
      Threads.funcEnter(m, 0x1000 + i);
    }
    assertEquals(40, m.depth);
    long[] stack = Threads.stackWith(m, 0x77);
    assertEquals(41, stack.length);
    assertArrayEquals(new long[] {0x77, 0x1000 + 39, 0x1000 + 38}, Arrays.copyOf(stack, 3));
    for (int i = 0; i < 40; i++) {
      Threads.funcExit(m);
    }
    assertThrows(IllegalStateException.class, () -> Threads.funcExit(m));
  }

  @Test
  void ignoreRegionsNestAndAnUnmatchedEndFails() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    Threads.ignoreBegin(m);
    Threads.ignoreBegin(m);
    Threads.release(m, 0x42, false); // ignored: no object, no new epoch
    assertEquals(0, t.d.syncs.count());
    assertArrayEquals(new long[] {1}, m.clock);
    Threads.ignoreEnd(m);
    Threads.ignoreEnd(m);
    assertThrows(IllegalStateException.class, () -> Threads.ignoreEnd(m));
  }

  @Test
  void releaseThenAcquireOrdersTheAcquirerAfterTheReleaser() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    JavaRaceThread c = t.start(m, 0x900);
    Threads.release(c, 0x42, false);
    assertArrayEquals(new long[] {1, 2}, c.clock, "the releaser's epoch moved on");
    assertEquals(Cell.stamp(1, 2), c.stamp);
    Threads.acquire(m, 0x42);
    assertArrayEquals(new long[] {2, 1}, m.clock, "knows the child up to its release");
    Threads.acquire(m, 0x43); // never released: nothing changes
    assertArrayEquals(new long[] {2, 1}, m.clock);
  }

  @Test
  void endReleasesTheSlotAndDropsTheHistoryJoinTakesTheClock() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    JavaRaceThread c = t.start(m, 0x900);
    Threads.incrementEpoch(c);
    assertThrows(IllegalStateException.class, () -> Threads.join(m, c), "not ended yet");
    ThreadRecord record = c.record;
    Threads.end(c);
    assertNull(c.record);
    assertTrue(record.ended);
    assertTrue(c.isEnded());
    assertEquals(1, t.d.slots.waiting());
    Threads.join(m, c);
    assertArrayEquals(new long[] {2, 2}, m.clock);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Threads.funcEnter(c, 1));
    assertTrue(e.getMessage().contains("has ended"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Threads.join(m, m));
  }

  @Test
  void aJoinedChildsSlotIsReusedAndContinuesItsEpochs() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    JavaRaceThread c = t.start(m, 0x900);
    Threads.incrementEpoch(c);
    Threads.incrementEpoch(c);
    Threads.end(c);
    Threads.join(m, c);
    JavaRaceThread d = t.start(m, 0x901);
    assertEquals(1, d.slot);
    assertEquals(4, d.clock[1], "the last owner ended at epoch 3");
    assertNotNull(t.d.slots.owner(1, 3));
  }

  @Test
  void aClosedDetectorFailsLiveThreads() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    t.d.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Threads.acquire(m, 1));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> Access.access(m, A, 8, 1, Cell.typeBits(AccessType.WRITE)));
  }
}
