package dev.racekit.purejava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Sync objects by address (race-native/src/sync.c; the native checks are in test_races.c and test_memory.c). */
class SyncTest {
  @Test
  void acquireOfAnUnknownObjectChangesNothing() {
    Sync s = new Sync();
    long[] clock = {1, 2};
    assertSame(clock, s.acquire(0x42, clock));
    assertArrayEquals(new long[] {1, 2}, clock);
    assertEquals(0, s.count());
  }

  @Test
  void releaseStoresACopyAndAcquireJoinsIt() {
    Sync s = new Sync();
    long[] released = {5, 0, 3};
    s.release(0x42, released, false);
    released[0] = 100; // the releasing thread moves on
    assertArrayEquals(new long[] {5, 0, 3}, s.clockOf(0x42));
    assertArrayEquals(new long[] {7, 0, 3}, s.acquire(0x42, new long[] {7}));
    assertEquals(1, s.count());
  }

  @Test
  void plainReleaseReplacesMergeKeepsEarlierReleases() {
    Sync s = new Sync();
    s.release(0x42, new long[] {4, 0}, false);
    s.release(0x42, new long[] {0, 6}, true);
    assertArrayEquals(new long[] {4, 6}, s.clockOf(0x42));
    s.release(0x42, new long[] {1}, false);
    assertArrayEquals(new long[] {1}, s.clockOf(0x42));
    s.release(0x43, new long[] {0, 2}, true); // a new object: merge leaves a copy
    assertArrayEquals(new long[] {0, 2}, s.clockOf(0x43));
  }

  @Test
  void removeRangeForgetsTheObjectsInsideOnly() {
    Sync s = new Sync();
    s.release(0x77, new long[] {1}, false);
    for (long i = 0; i < 100; i++) {
      s.release(0x50000 + i * 4096, new long[] {1}, false);
    }
    assertEquals(101, s.count());
    s.removeRange(0x50000, 8); // shorter than the table: address by address
    assertEquals(100, s.count());
    s.removeRange(0x50000, 50 * 4096); // longer: the table is scanned
    assertEquals(51, s.count());
    assertNull(s.clockOf(0x50000 + 49 * 4096));
    assertArrayEquals(new long[] {1}, s.clockOf(0x50000 + 50 * 4096));
    s.removeRange(-8, 8); // the top of the address space, unsigned
    assertEquals(51, s.count());
    s.removeRange(0, 1L << 40);
    assertEquals(0, s.count());
  }

  /**
   * A malloc or free whose range no object's group counts skips the table (test_sync_groups_count_the_variables):
   * the counts must follow every object added and forgotten, or one would outlive its memory.
   */
  @Test
  void groupCountsFollowTheObjects() {
    Sync s = new Sync();
    for (long i = 0; i < 300; i++) {
      s.release(0x1000 + i * 24, new long[] {1}, false);
      s.release(0x1000 + i * 24, new long[] {2}, true); // the same object: not counted twice
    }
    assertEquals(300, s.count());
    assertEquals(300, s.groupSum());
    for (long i = 0; i < 300; i += 2) {
      s.removeRange(0x1000 + i * 24, 24);
    }
    assertEquals(150, s.count());
    assertEquals(150, s.groupSum());
    assertNull(s.clockOf(0x1000));
    assertArrayEquals(new long[] {2}, s.clockOf(0x1000 + 24));
    s.removeRange(0x1000, 300 * 24);
    assertEquals(0, s.count());
    assertEquals(0, s.groupSum());
    s.release(0x1000, new long[] {3}, false); // its group counted down to zero: found again
    s.removeRange(0x1000, 8);
    assertNull(s.clockOf(0x1000));
    assertEquals(0, s.groupSum());
  }

  /**
   * The map's keys spread aligned addresses over its bins as the addresses themselves do not: the bin a
   * {@code ConcurrentHashMap} of 1,024 bins picks for 1,024 sync words 64 bytes apart (an agent's blocks of one size
   * class), from the hash code as the map spreads it.
   */
  @Test
  void keysOfAlignedAddressesSpreadOverTheBins() {
    java.util.Set<Integer> byAddress = new java.util.HashSet<>();
    java.util.Set<Integer> byKey = new java.util.HashSet<>();
    for (long i = 0; i < 1024; i++) {
      long addr = 0x0000_1000_8000_0000L + 64 * i;
      byAddress.add(bin(Long.hashCode(addr)));
      byKey.add(bin(Long.hashCode(Sync.mix(addr >>> 3)))); // the key of its word
    }
    assertTrue(byAddress.size() <= 64, "the premise: the addresses crowd into " + byAddress.size() + " bins");
    assertTrue(byKey.size() > 550, "the keys fill " + byKey.size() + " of 1,024 bins");
  }

  private static int bin(int h) {
    return (h ^ (h >>> 16)) & 1023; // ConcurrentHashMap.spread, then the index in a table of 1,024
  }

  /** Objects of one word share its entry: a range forgets only its own bytes', and an emptied word comes back. */
  @Test
  void objectsOfOneWordAreForgottenByTheirOwnBytes() {
    Sync s = new Sync();
    s.release(0x1001, new long[] {1}, false);
    s.release(0x1003, new long[] {3}, false);
    s.release(0x1007, new long[] {7}, false);
    s.removeRange(0x1002, 2); // [0x1002, 0x1004)
    assertArrayEquals(new long[] {1}, s.clockOf(0x1001));
    assertNull(s.clockOf(0x1003));
    assertArrayEquals(new long[] {7}, s.clockOf(0x1007));
    assertEquals(2, s.count());
    s.removeRange(0x1000, 8);
    assertEquals(0, s.count());
    assertEquals(0, s.groupSum());
    s.release(0x1003, new long[] {4}, true); // the emptied word was taken out: a new one holds it
    assertArrayEquals(new long[] {4}, s.clockOf(0x1003));
    assertEquals(1, s.count());
    assertEquals(1, s.groupSum());
  }

  /**
   * Releases and forgetting on the same few words from four threads at once: afterwards the count, the groups and the
   * objects that can be found agree (a word taken out while another thread adds to it must not lose that object).
   */
  @Test
  void concurrentReleasesAndForgettingKeepTheCountsTrue() throws Exception {
    Sync s = new Sync();
    onThreadsAtOnce(4, seed -> {
      java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
      for (int i = 0; i < 200_000; i++) {
        long a = 0x2000 + r.nextInt(64);
        if (r.nextInt(3) == 0) {
          s.removeRange(a, 1 + r.nextInt(12));
        } else {
          s.release(a, new long[] {i}, r.nextBoolean());
        }
      }
    });
    int found = 0;
    for (long a = 0x2000; a < 0x2000 + 64; a++) {
      if (s.clockOf(a) != null) {
        found++;
      }
    }
    assertEquals(found, s.count());
    assertEquals(found, s.groupSum());
    s.removeRange(0x2000, 64);
    assertEquals(0, s.count());
    assertEquals(0, s.groupSum());
  }

  /**
   * Merges from four threads into one object at once, each raising its own entry: the object's clock ends with every
   * thread's last entry. A merge is a read, a join and a publish; published without the compare-and-set, one thread's
   * merge built on a clock read before another's could replace it and lose that entry.
   */
  @Test
  void concurrentMergesIntoOneObjectLoseNone() throws Exception {
    Sync s = new Sync();
    int merges = 100_000;
    onThreadsAtOnce(4, slot -> {
      long[] clock = new long[4];
      for (int i = 1; i <= merges; i++) {
        clock[slot] = i;
        s.release(0x42, clock, true);
      }
    });
    assertArrayEquals(new long[] {merges, merges, merges, merges}, s.clockOf(0x42));
  }

  /** Runs {@code body(0)} .. {@code body(threads - 1)} on threads of their own, started together; rethrows. */
  private static void onThreadsAtOnce(int threads, java.util.function.IntConsumer body) throws Exception {
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    java.util.List<Thread> all = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread th = new Thread(() -> {
        try {
          start.await();
          body.accept(index);
        } catch (Throwable e) {
          failed.set(e);
        }
      });
      all.add(th);
      th.start();
    }
    for (Thread th : all) {
      th.join();
    }
    if (failed.get() != null) {
      throw new AssertionError(failed.get());
    }
  }

  @Test
  void destroyForgetsEverything() {
    Sync s = new Sync();
    s.release(1, new long[] {1}, false);
    s.destroy();
    assertEquals(0, s.count());
    assertNull(s.clockOf(1));
  }
}
