package dev.racekit.purejava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.racekit.AccessType;
import org.junit.jupiter.api.Test;

/**
 * The event ring of one thread (race-native/src/history.c; the native checks are in test_history.c), driven directly:
 * a shadow stack kept here, events appended as a thread would, stacks restored. With history_size 0 a part is 2048
 * longs: 682 accesses of 3 longs fill 2046 of them.
 */
class HistoryTest {
  private static final long A = 0x10F000;

  /** A thread's side of the history: its stack and epoch. */
  private static final class Feeder {
    final History h;
    long[] stack = new long[64];
    int depth;
    long epoch;

    Feeder(int historySize, long epoch) {
      this.h = new History(historySize, epoch);
      this.epoch = epoch;
    }

    void enter(long pc) {
      h.enter(pc, stack, depth, epoch);
      stack[depth++] = pc;
    }

    void exit() {
      h.exit(stack, depth, epoch);
      depth--;
    }

    void write(long addr, long pc) {
      h.access(AccessType.WRITE, addr, 8, pc, stack, depth, epoch);
    }

    void nextEpoch() {
      h.epoch(stack, depth, ++epoch);
    }

    void fill(int n, long first) {
      for (int i = 0; i < n; i++) {
        write(0x100000 + (first + i) * 8, 0xF11);
      }
    }
  }

  @Test
  void restoresTheStackOfTheAccess() {
    Feeder f = new Feeder(0, 1);
    f.enter(0x10);
    f.enter(0x20);
    f.write(A, 0xAAA);
    f.exit();
    f.fill(1000, 0); // into the second part
    f.exit();
    assertArrayEquals(new long[] {0xAAA, 0x20, 0x10}, f.h.restore(1, A, 8, AccessType.WRITE));
  }

  @Test
  void matchesEpochTypeAndCoveredBytes() {
    Feeder f = new Feeder(1, 1);
    f.h.access(AccessType.READ, A, 16, 0x1, f.stack, 0, 1);
    f.nextEpoch();
    f.h.access(AccessType.READ, A, 16, 0x2, f.stack, 0, 2);
    f.h.access(AccessType.READ, A, 16, 0x3, f.stack, 0, 2);
    assertArrayEquals(new long[] {0x1}, f.h.restore(1, A + 8, 8, AccessType.READ));
    assertArrayEquals(new long[] {0x3}, f.h.restore(2, A, 4, AccessType.READ), "the last matching access");
    assertNull(f.h.restore(2, A, 4, AccessType.WRITE), "another type");
    assertNull(f.h.restore(2, A + 12, 8, AccessType.READ), "not all bytes covered");
    assertNull(f.h.restore(3, A, 4, AccessType.READ), "an epoch not reached");
  }

  @Test
  void anOverwrittenPartCannotBeRestored() {
    Feeder f = new Feeder(0, 1);
    f.write(A, 0xAAA);
    f.fill(3000, 0); // 9000 longs: more than four parts, the first is overwritten
    assertNull(f.h.restore(1, A, 8, AccessType.WRITE));
  }

  @Test
  void historySizeDoublesThePart() {
    assertEquals(History.PART_LONGS, new History(0, 1).partLen());
    assertEquals(History.PART_LONGS << 7, new History(7, 1).partLen());
    Feeder f = new Feeder(1, 1);
    f.write(A, 0xAAA);
    f.fill(3000, 0); // fits in 4 x 4096 longs
    assertArrayEquals(new long[] {0xAAA}, f.h.restore(1, A, 8, AccessType.WRITE));
  }

  @Test
  void givesUpWhenTheOldestPartIsNewerThanTheEpoch() {
    Feeder f = new Feeder(0, 1);
    f.write(A, 0xAAA);
    f.nextEpoch();
    f.fill(2800, 0);
    assertNull(f.h.restore(1, A, 8, AccessType.WRITE));
  }

  @Test
  void replaysFromTheOldestPartsSnapshot() {
    Feeder f = new Feeder(0, 1);
    f.enter(0x10);
    f.fill(682, 0); // part 0 is now exactly full
    f.enter(0x20); // starts part 1, whose snapshot is [0x10]
    assertEquals(2, f.h.started());
    f.write(A, 0xAAA);
    f.fill(2100, 682); // part 0 is reused: part 1 is the oldest
    assertEquals(5, f.h.started());
    assertArrayEquals(new long[] {0xAAA, 0x20, 0x10}, f.h.restore(1, A, 8, AccessType.WRITE));
  }

  /** An epoch change that starts a part still writes its event, so a replay from an earlier part sees it. */
  @Test
  void anEpochChangeThatStartsAPartIsReplayed() {
    Feeder f = new Feeder(0, 1);
    f.enter(0x10);
    f.fill(682, 0);
    f.nextEpoch(); // starts part 1
    assertEquals(2, f.h.started());
    f.write(A, 0xAAA);
    assertArrayEquals(new long[] {0xAAA, 0x10}, f.h.restore(2, A, 8, AccessType.WRITE));
  }

  /** An exit that starts a part is recorded before the pop, so the part's snapshot still holds the frame. */
  @Test
  void anExitThatStartsAPartPopsTheSnapshotsFrame() {
    Feeder f = new Feeder(0, 1);
    f.enter(0x10);
    f.enter(0x20);
    f.nextEpoch(); // one long, so that accesses fill the part exactly
    f.fill(681, 0);
    f.exit(); // starts part 1: snapshot [0x10, 0x20], then EXIT
    f.write(A, 0xAAA);
    f.fill(2100, 681);
    assertEquals(5, f.h.started());
    assertArrayEquals(new long[] {0xAAA, 0x10}, f.h.restore(2, A, 8, AccessType.WRITE));
  }

  @Test
  void partsAreAllocatedOnFirstUse() {
    Feeder f = new Feeder(3, 1);
    assertEquals(1, f.h.partsAllocated());
    f.fill(100, 0);
    assertEquals(1, f.h.partsAllocated());
  }

  @Test
  void innermostFirstReversesTheStackBelowThePc() {
    assertArrayEquals(new long[] {9, 3, 2, 1}, History.innermostFirst(9, new long[] {1, 2, 3, 0}, 3));
    assertArrayEquals(new long[] {9}, History.innermostFirst(9, new long[0], 0));
  }
}
