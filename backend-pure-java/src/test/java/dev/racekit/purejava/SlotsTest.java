package dev.racekit.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Slots and the slot journal (race-native/src/slots.c): the reuse rule, as race-native/test/test_threads.c and
 * test_recycling.c check it for the native core, and who owned a slot at an epoch.
 */
class SlotsTest {
  private static long[] clock(long... epochs) {
    return epochs;
  }

  @Test
  void aSafeSlotBehindAnUnsafeHeadIsTaken() {
    Slots slots = new Slots();
    assertEquals(0, slots.allocate(clock()));
    assertEquals(1, slots.allocate(clock(1)));
    slots.release(1, 5); // unjoined
    assertEquals(2, slots.allocate(clock(1))); // main does not know slot 1's last epoch: fresh
    slots.release(2, 7);
    assertEquals(2, slots.allocate(clock(1, 0, 7))); // knows slot 2's owner: taken, though slot 1 is older
    assertEquals(0, slots.floor[2]);
    assertEquals(8, slots.startEpoch(2));
    assertEquals(1, slots.waiting());
  }

  @Test
  void pastTheQuarantineTheOldestIsTakenAndItsOldCellsForgotten() {
    Slots slots = new Slots();
    slots.allocate(clock());
    for (int i = 1; i <= Slots.QUARANTINE + 1; i++) {
      assertEquals(i, slots.allocate(clock(1)));
    }
    for (int i = 1; i <= Slots.QUARANTINE + 1; i++) {
      slots.release(i, 10 + i); // none joined
    }
    assertEquals(1, slots.allocate(clock(1))); // 65 wait: the oldest, by force
    assertEquals(12, slots.floor[1]);
    assertEquals(12, slots.startEpoch(1));
    assertEquals(Slots.QUARANTINE, slots.waiting());
    assertEquals(Slots.QUARANTINE + 2, slots.allocate(clock(1))); // 64 wait: fresh again
  }

  private static ThreadRecord record(long id, long startEpoch) {
    return new ThreadRecord(id, startEpoch, new long[0], new History(0, startEpoch));
  }

  @Test
  void theJournalNamesTheCurrentAndThePreviousOwnerOnly() {
    Slots slots = new Slots();
    assertEquals(0, slots.allocate(clock()));
    ThreadRecord first = record(0, slots.startEpoch(0));
    slots.attach(0, first);
    assertSame(first, slots.owner(0, 1));
    assertSame(first, slots.owner(0, 40));
    slots.release(0, 5);
    assertEquals(0, slots.allocate(clock(5))); // safe reuse: the parent knows epoch 5
    ThreadRecord second = record(1, slots.startEpoch(0));
    assertEquals(6, second.startEpoch);
    slots.attach(0, second);
    assertSame(first, slots.owner(0, 5));
    assertSame(second, slots.owner(0, 6));
    slots.release(0, 9);
    assertEquals(0, slots.allocate(clock(9)));
    ThreadRecord third = record(2, slots.startEpoch(0));
    slots.attach(0, third);
    assertNull(slots.owner(0, 5), "the first owner dropped out of the journal");
    assertSame(second, slots.owner(0, 9));
    assertSame(third, slots.owner(0, 10));
    assertNull(slots.owner(7, 1), "a slot never handed out");
  }

  @Test
  void anExhaustedSlotCannotStartAnotherOwner() {
    Slots slots = new Slots();
    slots.allocate(clock());
    slots.release(0, Cell.MAX_EPOCH);
    assertEquals(0, slots.allocate(clock(Cell.MAX_EPOCH)));
    assertThrows(IllegalStateException.class, () -> slots.startEpoch(0));
  }

  @Test
  void theHighWaterIsTheLongestClock() {
    Slots slots = new Slots();
    for (int i = 0; i < 20; i++) { // past the first growth of the journal's arrays
      assertEquals(i, slots.allocate(clock()));
    }
    assertEquals(20, slots.highWater());
    assertEquals(0, slots.waiting());
  }
}
