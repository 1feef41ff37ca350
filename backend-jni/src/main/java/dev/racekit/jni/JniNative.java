package dev.racekit.jni;

/**
 * The JNI entry points into the native core, one per core call (src/main/c/racekit_jni.c). Pointers to
 * {@code rk_detector} and {@code rk_thread} travel as {@code long}s that Java holds, so no call looks anything up.
 *
 * <p>Nothing here checks arguments or liveness: {@link JniRaceThread} and {@link JniBackend} do that in Java before
 * every call, and a pointer stays allocated until nothing can pass it here any more (see NativeLifetime). Calls return the core's codes ({@code RK_OK},
 * {@code RK_REPORTED}, negative {@code RK_E*}); see {@code race-native/include/racekit.h}.
 */
final class JniNative {
  private JniNative() {}

  // ---- detector lifecycle ----

  /** {@code rk_abi_version()}. */
  static native int abiVersion();

  /** {@code rk_open(history_size)}; 0 on failure. */
  static native long open(int historySize);

  /** {@code rk_shutdown(d)}: later calls fail with RK_ECLOSED, the shadow goes back to the OS; frees nothing. */
  static native void shutdown(long detector);

  /** {@code rk_close(d)}: frees the detector; only when nothing can reach it (see NativeLifetime). */
  static native void close(long detector);

  /** {@code rk_thread_release(d, t)}: frees an ended or closed thread; only when nothing can reach it. */
  static native int threadRelease(long detector, long thread);

  /** {@code rk_main_thread(d)}. */
  static native long mainThread(long detector);

  /** {@code rk_map_shadow(d, base, size)}. */
  static native int mapShadow(long detector, long base, long size);

  /** {@code rk_unmapped_count(d)}. */
  static native long unmappedCount(long detector);

  /** {@code rk_shadow_resident_bytes(d)}. */
  static native long shadowResidentBytes(long detector);

  // ---- threads ----

  /** {@code rk_thread_start(d, parent, pc, &out)}: the new thread's pointer, or a negative {@code RK_E*} code. */
  static native long threadStart(long detector, long parent, long pc);

  /** {@code rk_thread_id(t)}. */
  static native long threadId(long thread);

  /** {@code rk_thread_clock_length(t)}. */
  static native long threadClockLength(long thread);

  /**
   * {@code rk_thread_end(d, t, clock, clock.length)}: frees the thread after copying its final clock into
   * {@code clockOut}; returns the clock length or a negative code (then nothing was freed).
   */
  static native long threadEnd(long detector, long thread, long[] clockOut);

  /** {@code rk_thread_join(t, clock, length)}. */
  static native int threadJoin(long thread, long[] childClock, int length);

  // ---- hot path ----

  /** {@code rk_read(t, addr, size, pc)}. */
  static native int read(long thread, long addr, int size, long pc);

  /** {@code rk_write(t, addr, size, pc)}. */
  static native int write(long thread, long addr, int size, long pc);

  /** {@code rk_access(t, addr, size, RK_ATOMIC_READ, pc)}. */
  static native int atomicRead(long thread, long addr, int size, long pc);

  /** {@code rk_access(t, addr, size, RK_ATOMIC_WRITE, pc)}. */
  static native int atomicWrite(long thread, long addr, int size, long pc);

  /** {@code rk_access_range(t, addr, len, RK_READ, pc)}. */
  static native int readRange(long thread, long addr, long len, long pc);

  /** {@code rk_access_range(t, addr, len, RK_WRITE, pc)}. */
  static native int writeRange(long thread, long addr, long len, long pc);

  /** {@code rk_func_enter(t, pc)}. */
  static native int funcEnter(long thread, long pc);

  /** {@code rk_func_exit(t)}. */
  static native int funcExit(long thread);

  // ---- synchronization and memory ----

  static native int acquire(long thread, long sync);

  static native int release(long thread, long sync);

  static native int releaseMerge(long thread, long sync);

  static native int ignoreBegin(long thread);

  static native int ignoreEnd(long thread);

  static native int malloc(long thread, long addr, long len);

  static native int free(long thread, long addr, long len, long pc);

  // ---- reports ----

  /** {@code rk_next_report(d, out, out.length)}: words needed (written when they fit), or 0 when none is queued. */
  static native long nextReport(long detector, long[] out);
}
