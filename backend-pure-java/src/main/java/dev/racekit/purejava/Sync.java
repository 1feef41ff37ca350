package dev.racekit.purejava;

import java.util.concurrent.ConcurrentHashMap;

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
    Var v = vars.computeIfAbsent(addr, a -> new Var());
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
    if (len <= vars.size()) {
      for (long i = 0; i < len; i++) {
        vars.remove(addr + i);
      }
    } else {
      vars.keySet().removeIf(k -> Long.compareUnsigned(k - addr, len) < 0);
    }
  }

  /** rk_sync_count. */
  int count() {
    return vars.size();
  }

  /** rk_sync_destroy: at close, every object goes. */
  void destroy() {
    vars.clear();
  }
}
