package dev.racekit.nativelib;

/**
 * Turns the native core's negative return codes ({@code RK_E*} in {@code racekit.h}) into the exceptions the Java
 * backend throws for the same mistake, with the same messages where the Java backend has one, so a tool sees the
 * same behaviour whichever backend runs.
 *
 * <p>The native backends run the Java-side argument checks ({@link dev.racekit.spi.Checks}) and the liveness checks
 * before each call, so most of these codes never reach Java; they are mapped anyway, and an unknown code becomes an
 * {@link IllegalStateException} that names it.
 */
public final class NativeErrors {
  /** {@code RK_OK}: the call succeeded. */
  public static final int OK = 0;
  /** {@code RK_REPORTED}: the call succeeded and queued at least one race report. */
  public static final int REPORTED = 1;
  /** Bad size, length, alignment, overlap or null pointer. */
  public static final int EINVAL = -1;
  /** The thread has ended. */
  public static final int EENDED = -2;
  /** The shadow stack is deeper than {@link #MAX_STACK}. */
  public static final int ESTACK_OVERFLOW = -3;
  /** func_exit with an empty shadow stack. */
  public static final int ESTACK_EMPTY = -4;
  /** ignore_end without ignore_begin. */
  public static final int EIGNORE = -5;
  /** {@link #MAX_SLOTS} threads alive at once. */
  public static final int ETHREADS = -6;
  /** join of a thread that has not ended. */
  public static final int ENOT_ENDED = -7;
  /** Out of native memory or address space for shadow. */
  public static final int ENOMEM = -8;
  /** A slot's epoch space is exhausted. */
  public static final int EEPOCH = -9;
  /** {@link #MAX_RANGES} ranges already mapped. */
  public static final int ERANGES = -10;
  /** The detector was shut down: a call that raced with close(). */
  public static final int ECLOSED = -11;

  /** The native core's limits ({@code RK_MAX_*}), the same as the Java backend's. */
  public static final int MAX_SLOTS = 16384;
  public static final int MAX_STACK = 1 << 20;
  public static final int MAX_RANGES = 64;

  private NativeErrors() {}

  /** The {@code RK_*} name of a code, for messages: {@code RK_EINVAL}, or {@code code -42} when unknown. */
  public static String name(long code) {
    switch ((int) code) {
      case OK: return "RK_OK";
      case REPORTED: return "RK_REPORTED";
      case EINVAL: return "RK_EINVAL";
      case EENDED: return "RK_EENDED";
      case ESTACK_OVERFLOW: return "RK_ESTACK_OVERFLOW";
      case ESTACK_EMPTY: return "RK_ESTACK_EMPTY";
      case EIGNORE: return "RK_EIGNORE";
      case ETHREADS: return "RK_ETHREADS";
      case ENOT_ENDED: return "RK_ENOT_ENDED";
      case ENOMEM: return "RK_ENOMEM";
      case EEPOCH: return "RK_EEPOCH";
      case ERANGES: return "RK_ERANGES";
      case ECLOSED: return "RK_ECLOSED";
      default: return "code " + code;
    }
  }

  /**
   * The exception for a failed call on thread {@code threadId}.
   *
   * @param code a negative {@code RK_E*} code
   * @param threadId the id of the thread the call was made on (used in messages)
   * @param what the operation, for the messages that have no Java-backend equivalent, e.g. {@code rk_access}
   */
  public static RuntimeException forThread(long code, long threadId, String what) {
    switch ((int) code) {
      case EENDED:
        return new IllegalStateException("racekit: thread " + threadId + " has ended");
      case ECLOSED:
        return new IllegalStateException("racekit: the detector is closed");
      case ESTACK_OVERFLOW:
        return new IllegalStateException("racekit: shadow stack of thread " + threadId + " is deeper than "
            + MAX_STACK + " frames; is funcExit missing?");
      case ESTACK_EMPTY:
        return new IllegalStateException("racekit: funcExit on thread " + threadId + " with an empty shadow stack");
      case EIGNORE:
        return new IllegalStateException("racekit: ignoreEnd on thread " + threadId + " without ignoreBegin");
      case EEPOCH:
        return new IllegalStateException("racekit: epoch space of thread " + threadId + " is exhausted");
      default:
        return generic(code, what);
    }
  }

  /** The exception for a failed thread start ({@code rk_thread_start}). */
  public static RuntimeException forStart(long code, long parentId) {
    if (code == ETHREADS) {
      return new IllegalStateException("racekit: " + MAX_SLOTS + " threads are alive at once; end some first");
    }
    return forThread(code, parentId, "rk_thread_start");
  }

  /** The exception for a failed join of thread {@code childId} by thread {@code threadId}. */
  public static RuntimeException forJoin(long code, long threadId, long childId) {
    if (code == ENOT_ENDED) {
      return new IllegalStateException("racekit: join of thread " + childId + ", which has not ended");
    }
    return forThread(code, threadId, "rk_thread_join");
  }

  /** The exception for a failed {@code rk_map_shadow(base, size)}. */
  public static RuntimeException forMapShadow(long code, long base, long size) {
    switch ((int) code) {
      case ERANGES:
        return new IllegalArgumentException("mapShadow: at most " + MAX_RANGES + " ranges can be mapped");
      case EINVAL:
        return new IllegalArgumentException("mapShadow(0x" + Long.toHexString(base) + ", " + size
            + "): base and size must be multiples of 8, size in 8..64 GiB, the range must not wrap and must not"
            + " overlap a mapped range");
      default:
        return generic(code, "rk_map_shadow");
    }
  }

  /**
   * The exception for a code without a Java-backend equivalent: {@code RK_EINVAL} is an
   * {@link IllegalArgumentException}, everything else an {@link IllegalStateException}; both name the code.
   */
  public static RuntimeException generic(long code, String what) {
    switch ((int) code) {
      case EINVAL:
        return new IllegalArgumentException("racekit: " + what + " rejected its arguments (RK_EINVAL)");
      case ENOMEM:
        return new IllegalStateException("racekit: " + what + ": the native core is out of memory (RK_ENOMEM)");
      case ETHREADS:
        return new IllegalStateException("racekit: " + MAX_SLOTS + " threads are alive at once; end some first");
      case ERANGES:
        return new IllegalArgumentException("mapShadow: at most " + MAX_RANGES + " ranges can be mapped");
      default:
        return new IllegalStateException("racekit: " + what + " failed with " + name(code));
    }
  }
}
