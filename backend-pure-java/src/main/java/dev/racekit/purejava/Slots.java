package dev.racekit.purejava;

import java.util.Arrays;

/**
 * Thread slots and the slot journal (race-native/src/slots.c). A slot is the index of a thread in every vector clock.
 * It is recycled when its thread ends, so threads come and go without limit while clocks stay as long as the number
 * of threads alive at once plus a quarantine.
 *
 * <p>A new owner continues the slot's epochs: it starts at the old owner's last epoch + 1. A cell stores slot and
 * epoch, and a thread is ordered after it when {@code clock[slot] >= epoch}; one clock entry thus speaks for every
 * owner the slot ever had, and recycling must never make it claim more than happened:
 *
 * <ul>
 *   <li><b>Safe reuse</b> (preferred): the new owner's parent already has {@code clock[slot] >= lastEpoch}, so the
 *       old owner's end happens before the new owner's start. Any clock that later reaches one of the new owner's
 *       epochs got it through a chain of edges that starts at the new owner, which is after the old owner's end: it
 *       is truly ordered after every access of the old owner too. Clocks that knew only the old owner stay below the
 *       new owner's first epoch, so they do not cover its accesses. Exact.
 *   <li><b>Forced reuse</b>: when more than {@value #QUARANTINE} free slots wait and none is safe, the oldest is
 *       taken and its {@link #floor} is raised to the new owner's first epoch. A cell of that slot with an epoch
 *       below the floor belongs to an earlier owner that nobody may be assumed to know: it is treated as empty
 *       (forgotten), never as ordered. The cost is that races with that old owner's last accesses are missed, as
 *       when a cell is evicted; the quarantine keeps this for threads that were never joined, more than
 *       {@value #QUARANTINE} of them later.
 * </ul>
 *
 * <p>The free slots are a FIFO; a start takes the oldest safe one among the first {@value #QUARANTINE} + 1, else a
 * fresh slot while at most {@value #QUARANTINE} wait, else the oldest with a floor. Every choice is a function of the
 * event stream, as in the native core (race-native/src/slots.c). Guarded by the backend's lifecycle lock, except
 * {@link #floor}, which the access path reads without it.
 */
final class Slots {
  static final int QUARANTINE = 64;

  /**
   * Per slot, the first epoch whose cells are still meaningful; cells below it are from a forgotten owner. Written
   * under the lifecycle lock before the new owner exists; a thread that can see the new owner's epochs has a
   * happens-before path from that write, so it also sees the floor.
   */
  final long[] floor = new long[Cell.MAX_SLOTS];

  private final int[] free = new int[Cell.MAX_SLOTS]; // a ring, oldest first
  private int head;
  private int count;
  private long[] lastEpoch = new long[16];
  private ThreadRecord[] current = new ThreadRecord[16];
  private ThreadRecord[] previous = new ThreadRecord[16];
  private int fresh;

  /** Picks the slot for a thread whose parent has clock {@code parentClock}, and takes it. */
  int allocate(long[] parentClock) {
    int scan = Math.min(count, QUARANTINE + 1);
    for (int i = 0; i < scan; i++) {
      int s = free[(head + i) % Cell.MAX_SLOTS];
      if (Clock.get(parentClock, s) >= lastEpoch[s]) {
        removeAt(i);
        return s;
      }
    }
    if (count > QUARANTINE || (fresh == Cell.MAX_SLOTS && count > 0)) {
      int s = free[head];
      removeAt(0);
      floor[s] = lastEpoch[s] + 1;
      return s;
    }
    if (fresh < Cell.MAX_SLOTS) {
      int s = fresh++;
      if (s == lastEpoch.length) {
        lastEpoch = Arrays.copyOf(lastEpoch, s * 2);
        current = Arrays.copyOf(current, s * 2);
        previous = Arrays.copyOf(previous, s * 2);
      }
      return s;
    }
    throw new IllegalStateException("racekit: " + Cell.MAX_SLOTS + " threads are alive at once; end some first");
  }

  /** Removes the {@code i}-th oldest free slot, keeping the others in order. */
  private void removeAt(int i) {
    for (int k = i; k > 0; k--) {
      free[(head + k) % Cell.MAX_SLOTS] = free[(head + k - 1) % Cell.MAX_SLOTS];
    }
    head = (head + 1) % Cell.MAX_SLOTS;
    count--;
  }

  /** The first epoch of the slot's next owner. */
  long startEpoch(int slot) {
    long e = lastEpoch[slot] + 1;
    if (e > Cell.MAX_EPOCH) {
      throw new IllegalStateException("racekit: epoch space of slot " + slot + " is exhausted");
    }
    return e;
  }

  void attach(int slot, ThreadRecord owner) {
    previous[slot] = current[slot];
    current[slot] = owner;
  }

  void release(int slot, long epoch) {
    lastEpoch[slot] = epoch;
    free[(head + count) % Cell.MAX_SLOTS] = slot;
    count++;
  }

  /** Who held {@code slot} at {@code epoch}, or null when that owner is no longer remembered. */
  ThreadRecord owner(int slot, long epoch) {
    if (slot >= fresh) {
      return null;
    }
    ThreadRecord c = current[slot];
    if (c != null && epoch >= c.startEpoch) {
      return c;
    }
    ThreadRecord p = previous[slot];
    return p != null && epoch >= p.startEpoch ? p : null;
  }

  /** Slots ever handed out: the length of the longest clock. */
  int highWater() {
    return fresh;
  }

  /** Free slots waiting to be reused. */
  int waiting() {
    return count;
  }
}
