package dev.racekit.cli;

import java.util.Arrays;

/**
 * Which thread holds each lock of an STD trace, and how many times (a holder may acquire its lock again, as Java
 * monitors allow; the lock is free after as many {@code rel} as {@code acq}). Locks and threads are the dense ids of
 * their name tables.
 */
final class LockOwners {
  private int[] holderPlusOne = new int[64]; // 0: free
  private int[] depth = new int[64];

  /** The id of the thread holding lock {@code lock}, or -1 when it is free. */
  int holder(int lock) {
    return lock < holderPlusOne.length ? holderPlusOne[lock] - 1 : -1;
  }

  /** Thread {@code thread} acquired {@code lock}, which was free or already its own. */
  void acquired(int lock, int thread) {
    if (lock >= holderPlusOne.length) {
      int n = Math.max(lock + 1, holderPlusOne.length * 2);
      holderPlusOne = Arrays.copyOf(holderPlusOne, n);
      depth = Arrays.copyOf(depth, n);
    }
    holderPlusOne[lock] = thread + 1;
    depth[lock]++;
  }

  /** Its holder released {@code lock} once. */
  void released(int lock) {
    if (--depth[lock] == 0) {
      holderPlusOne[lock] = 0;
    }
  }
}
