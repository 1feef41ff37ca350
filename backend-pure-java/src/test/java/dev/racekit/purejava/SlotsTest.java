package dev.racekit.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The slot reuse rule, as race-native/test/test_threads.c and test_recycling.c check it for the native core. */
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
}
