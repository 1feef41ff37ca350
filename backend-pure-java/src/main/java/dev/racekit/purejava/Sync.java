package dev.racekit.purejava;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Sync objects by address (race-native/src/sync.c). Each one guards its clock with its own monitor, so threads
 * synchronizing on different objects never contend, and there is no global lock.
 */
final class Sync {
  /** One sync object (rk_sync_var): the clock released into it. */
  static final class Var {
    long[] clock = new long[0];
  }

  private final ConcurrentHashMap<Long, Var> vars = new ConcurrentHashMap<>();

  /** Bytes per address block counted in one group (rk_sync_table's groups). */
  static final int BLOCK_SHIFT = 9;
  static final int GROUPS = 8192;
  /**
   * How many objects lie in each group of address blocks (blocks hashed into {@link #GROUPS}): a range whose groups
   * all count zero holds no object, and forgetting it (every malloc and free) looks up nothing. A count is raised
   * before its object is added and lowered after it is removed.
   */
  private final AtomicIntegerArray groups = new AtomicIntegerArray(GROUPS);

  private static int groupOf(long addr) {
    long x = addr >>> BLOCK_SHIFT; // splitmix64's finalizer, as in sync.c
    x ^= x >>> 30;
    x *= 0xbf58476d1ce4e5b9L;
    x ^= x >>> 27;
    x *= 0x94d049bb133111ebL;
    x ^= x >>> 31;
    return (int) x & (GROUPS - 1);
  }

  /**
   * rk_sync_acquire: {@code threadClock} joined with the clock released into {@code addr}; {@code threadClock} itself
   * when nothing was ever released there.
   */
  long[] acquire(long addr, long[] threadClock) {
    Var v = vars.get(addr);
    if (v == null) {
      return threadClock;
    }
    synchronized (v) {
      return Clock.join(threadClock, v.clock);
    }
  }

  /**
   * rk_sync_release: stores a copy of {@code threadClock} into the object at {@code addr}, or joins it into what is
   * there when {@code merge}. A new object holds the empty clock, so both leave it a copy of the thread's clock.
   */
  void release(long addr, long[] threadClock, boolean merge) {
    Var v = vars.get(addr);
    if (v == null) {
      int g = groupOf(addr);
      groups.incrementAndGet(g); // before another thread can find it
      Var fresh = new Var();
      v = vars.putIfAbsent(addr, fresh);
      if (v == null) {
        v = fresh;
      } else {
        groups.decrementAndGet(g); // another thread added it first, and counted it
      }
    }
    synchronized (v) {
      // The merge joins into a copy: the old array is never written after it was published.
      v.clock = merge ? Clock.join(v.clock.clone(), threadClock) : Clock.assign(threadClock);
    }
  }

  /** The clock released into {@code addr}, or null; for tests. */
  long[] clockOf(long addr) {
    Var v = vars.get(addr);
    if (v == null) {
      return null;
    }
    synchronized (v) {
      return v.clock;
    }
  }

  /**
   * rk_sync_remove_range: forgets the sync objects inside {@code [addr, addr + len)}, at the cost of the smaller of
   * len and the table.
   */
  void removeRange(long addr, long len) {
    if (len == 0 || vars.isEmpty() || !mayHold(addr, len)) {
      return;
    }
    if (len <= vars.size()) {
      for (long i = 0; i < len; i++) {
        remove(addr + i);
      }
    } else {
      for (Long k : vars.keySet()) {
        if (Long.compareUnsigned(k - addr, len) < 0) {
          remove(k);
        }
      }
    }
  }

  private void remove(long addr) {
    if (vars.remove(addr) != null) {
      groups.decrementAndGet(groupOf(addr)); // after it was removed
    }
  }

  /** Whether an object may lie in {@code [addr, addr + len)}: a range of few blocks whose groups all count zero holds none. */
  private boolean mayHold(long addr, long len) {
    long first = addr >>> BLOCK_SHIFT;
    long blocks = ((addr + (len - 1)) >>> BLOCK_SHIFT) - first + 1;
    if (blocks > 64) {
      return true; // not worth the loads: the walk costs more anyway
    }
    for (long i = 0; i < blocks; i++) {
      if (groups.get(groupOf((first + i) << BLOCK_SHIFT)) != 0) {
        return true;
      }
    }
    return false;
  }

  /** The sum of the group counts; for tests (equal to {@link #count()} when no thread is changing the table). */
  long groupSum() {
    long sum = 0;
    for (int i = 0; i < GROUPS; i++) {
      sum += groups.get(i);
    }
    return sum;
  }

  /** rk_sync_count. */
  int count() {
    return vars.size();
  }

  /** rk_sync_destroy: at close, every object goes. */
  void destroy() {
    vars.clear();
    for (int i = 0; i < GROUPS; i++) {
      groups.set(i, 0);
    }
  }
}
