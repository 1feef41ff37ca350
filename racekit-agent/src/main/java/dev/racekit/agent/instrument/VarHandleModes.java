package dev.racekit.agent.instrument;

import dev.racekit.agent.rt.Rt;

/** Which VarHandle access modes and Unsafe methods order memory, and how. */
final class VarHandleModes {
  private VarHandleModes() {}

  /** Acquire/release flags of a VarHandle access mode; 0 for plain get/set; -1 for a method that is no access mode. */
  static int flags(String mode) {
    switch (mode) {
      case "get", "set":
        return 0;
      case "getVolatile", "getAcquire", "getOpaque":
        return Rt.ACQUIRE;
      case "setVolatile", "setRelease", "setOpaque":
        return Rt.RELEASE;
      default:
        return mode.startsWith("compareAnd") || mode.startsWith("weakCompareAndSet") || mode.startsWith("getAnd")
            ? Rt.ACQUIRE | Rt.RELEASE
            : -1;
    }
  }

  /** How many value arguments follow the coordinates in an access mode's call. */
  static int values(String mode) {
    if (mode.startsWith("compareAnd") || mode.startsWith("weakCompareAndSet")) {
      return 2;
    }
    if (mode.startsWith("get") && !mode.startsWith("getAnd")) {
      return 0;
    }
    return 1;
  }

  /** Acquire/release flags of an Unsafe method (jdk.internal.misc or sun.misc); 0 for plain accesses. */
  static int unsafeFlags(String name) {
    if (name.startsWith("compareAndSet") || name.startsWith("compareAndExchange")
        || name.startsWith("weakCompareAndSet") || name.startsWith("getAndAdd") || name.startsWith("getAndSet")
        || name.startsWith("getAndBitwise") || name.startsWith("compareAndSwap")) {
      return Rt.ACQUIRE | Rt.RELEASE;
    }
    boolean ordered = name.contains("Volatile") || name.contains("Acquire") || name.contains("Release")
        || name.contains("Opaque") || name.contains("Ordered");
    if (!ordered) {
      return 0;
    }
    if (name.startsWith("get")) {
      return Rt.ACQUIRE;
    }
    return name.startsWith("put") ? Rt.RELEASE : 0;
  }

  /**
   * Plain {@code get*}/{@code put*} through Unsafe or a VarHandle inside java.util.concurrent: always part of a
   * publication protocol there (a slot written plainly, then a releasing unlock or index store; fences are not
   * modelled), so they count as acquire (reads) and release (writes). Outside java.util.concurrent they make no edge.
   */
  static int plainInSyncClass(String name) {
    if (name.startsWith("get")) {
      return Rt.ACQUIRE;
    }
    return name.startsWith("put") || name.startsWith("set") ? Rt.RELEASE : 0;
  }
}
