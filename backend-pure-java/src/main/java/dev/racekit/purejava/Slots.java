package dev.racekit.purejava;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Thread slots: the index of a thread in every vector clock. A slot is recycled when its thread ends, so threads come
 * and go without limit while clocks stay as long as the number of threads alive at once plus a quarantine.
 *
 * <p>A new owner continues the slot's epochs, so the old owner's accesses look ordered before the new owner's. That
 * is exact when the parent already knows the old owner's last epoch (it joined it); otherwise it would hide races
 * between the two, so such a slot waits in a FIFO quarantine of {@value #QUARANTINE} slots first. Every choice is a
 * function of the event stream, as in the native core. Guarded by the backend's lifecycle lock.
 */
final class Slots {
  static final int QUARANTINE = 64;

  private final ArrayDeque<Integer> free = new ArrayDeque<>();
  private long[] lastEpoch = new long[16];
  private ThreadRecord[] current = new ThreadRecord[16];
  private ThreadRecord[] previous = new ThreadRecord[16];
  private int fresh;

  /** Picks the slot for a thread whose parent has clock {@code parentClock}. */
  int allocate(long[] parentClock) {
    Integer head = free.peek();
    if (head != null && (free.size() > QUARANTINE || VectorClocks.get(parentClock, head) >= lastEpoch[head])) {
      return free.poll();
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
    if (head != null) {
      return free.poll();
    }
    throw new IllegalStateException("racekit: " + Cell.MAX_SLOTS + " threads are alive at once; end some first");
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
    free.add(slot);
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
}
