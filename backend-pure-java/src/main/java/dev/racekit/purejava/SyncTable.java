package dev.racekit.purejava;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Sync objects by address. Each one guards its clock with its own monitor, so threads synchronizing on different
 * objects never contend, and there is no global lock.
 */
final class SyncTable {
  /** One sync object: the clock released into it. */
  static final class SyncVar {
    long[] clock = new long[0];
  }

  private final ConcurrentHashMap<Long, SyncVar> vars = new ConcurrentHashMap<>();

  SyncVar get(long addr) {
    return vars.get(addr);
  }

  SyncVar getOrCreate(long addr) {
    return vars.computeIfAbsent(addr, a -> new SyncVar());
  }

  /** Forgets the sync objects inside {@code [addr, addr + len)}, at the cost of the smaller of len and the table. */
  void removeRange(long addr, long len) {
    if (len <= vars.size()) {
      for (long i = 0; i < len; i++) {
        vars.remove(addr + i);
      }
    } else {
      vars.keySet().removeIf(k -> Long.compareUnsigned(k - addr, len) < 0);
    }
  }

  int size() {
    return vars.size();
  }

  void clear() {
    vars.clear();
  }
}
