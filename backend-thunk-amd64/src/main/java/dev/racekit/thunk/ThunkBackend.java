package dev.racekit.thunk;

import dev.racekit.nativelib.MappedLayout;
import dev.racekit.nativelib.NativeBackend;
import dev.racekit.nativelib.NativeLifetime;
import dev.racekit.spi.BackendContext;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One native detector driven through FFM. Lifecycle calls (start, end, join, map, close) synchronize on this object
 * and use the one ordinary downcall ({@code rk_thunk_call}); the hot calls go from {@link ThunkRaceThread} through
 * critical downcalls into the thunks. As in the JNI backend, a late call is a Java exception, and native memory
 * (threads, the detector, the shadow this class's threads read in place) is freed only once nothing can reach it
 * ({@link NativeLifetime}): close() shuts
 * the detector down and hands the shadow's memory back to the OS, but keeps it mapped, so a thread that raced with it
 * reads zeros.
 */
final class ThunkBackend extends NativeBackend<ThunkRaceThread> {
  /**
   * A mapped range, the address of its native shadow cells ({@code rk_shadow_cells}) and its index in mapping order,
   * which the sized thunks pass to the core so that it need not look the range up again.
   */
  record NativeRange(long base, long size, long cells, long index) {}

  /**
   * The mapped ranges' bounding box and lookup, read by a thread whose cached range misses: one load, so that an
   * unmapped access costs what it costs in the JNI backend. Replaced (never mutated) by mapShadow, emptied by close.
   */
  volatile MappedLayout mapped = MappedLayout.EMPTY;

  /**
   * The ranges' native cells, by the index {@link #mapped} gives. Written before {@link #mapped} and read after it, so
   * a reader always finds the entry of an index it was given (the array only grows).
   */
  private NativeRange[] ranges = new NativeRange[0];

  ThunkBackend(BackendContext context) {
    super("ThunkBackend", context, ThunkBackend::openDetector, ThunkBackend::freeDetector, ThunkBackend::releaseThread);
  }

  private static long openDetector(int historySize) {
    return ThunkLibrary.call(ThunkBindings.CALL_OPEN, historySize, 0, 0, 0);
  }

  /** The cleaning actions; static, so that they hold nothing but the pointers. */
  private static void freeDetector(long d) {
    ThunkLibrary.call(ThunkBindings.CALL_CLOSE, d, 0, 0, 0);
  }

  private static void releaseThread(long d, long t) {
    ThunkLibrary.call(ThunkBindings.CALL_THREAD_RELEASE, d, t, 0, 0);
  }

  @Override
  protected ThunkRaceThread newThread(long pointer, long id) {
    return new ThunkRaceThread(this, pointer, id);
  }

  @Override
  protected long nativeMainThread(long d) {
    return ThunkLibrary.call(ThunkBindings.CALL_MAIN_THREAD, d, 0, 0, 0);
  }

  @Override
  protected long nativeNextReport(long d, long[] out) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(ValueLayout.JAVA_LONG, out.length);
      long n = ThunkLibrary.call(ThunkBindings.CALL_NEXT_REPORT, d, buf.address(), out.length, 0);
      if (n > 0 && n <= out.length) {
        MemorySegment.copy(buf, ValueLayout.JAVA_LONG, 0, out, 0, (int) n);
      }
      return n;
    }
  }

  @Override
  protected long nativeThreadStart(long d, long parent, long pc) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
      int rc = (int) ThunkLibrary.call(ThunkBindings.CALL_THREAD_START, d, parent, pc, out.address());
      return rc < 0 ? rc : out.get(ValueLayout.JAVA_LONG, 0);
    }
  }

  @Override
  protected long nativeThreadId(long thread) {
    return ThunkLibrary.call(ThunkBindings.CALL_THREAD_ID, thread, 0, 0, 0);
  }

  @Override
  protected long nativeClockLength(long thread) {
    return ThunkLibrary.call(ThunkBindings.CALL_THREAD_CLOCK_LENGTH, thread, 0, 0, 0);
  }

  @Override
  protected long nativeThreadEnd(long d, long thread, long[] clock) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, clock.length));
      long n = ThunkLibrary.call(ThunkBindings.CALL_THREAD_END, d, thread, buf.address(), clock.length);
      if (n > 0) {
        MemorySegment.copy(buf, ValueLayout.JAVA_LONG, 0, clock, 0, (int) Math.min(n, clock.length));
      }
      return n;
    }
  }

  @Override
  protected int nativeJoin(long thread, long[] clock) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, clock.length));
      MemorySegment.copy(clock, 0, buf, ValueLayout.JAVA_LONG, 0, clock.length);
      return (int) ThunkLibrary.call(ThunkBindings.CALL_THREAD_JOIN, thread, buf.address(), clock.length, 0);
    }
  }

  @Override
  protected int nativeMapShadow(long d, long base, long size) {
    return (int) ThunkLibrary.call(ThunkBindings.CALL_MAP_SHADOW, d, base, size, 0);
  }

  @Override
  protected void mapped(long d, long base, long size) {
    long cells = ThunkLibrary.call(ThunkBindings.CALL_SHADOW_CELLS, d, base, 0, 0);
    NativeRange[] next = java.util.Arrays.copyOf(ranges, ranges.length + 1);
    // the core numbers its ranges in the order they were mapped, as this array does (both only under this lock)
    next[next.length - 1] = new NativeRange(base, size, cells, next.length - 1);
    ranges = next;
    mapped = mapped.with(base, size);
  }

  /** The range of index {@code i}, which {@link #mapped} gave. */
  NativeRange range(int i) {
    return ranges[i];
  }

  @Override
  protected long nativeUnmappedCount(long d) {
    return ThunkLibrary.call(ThunkBindings.CALL_UNMAPPED_COUNT, d, 0, 0, 0);
  }

  @Override
  protected long nativeShadowResidentBytes(long d) {
    return ThunkLibrary.call(ThunkBindings.CALL_SHADOW_RESIDENT_BYTES, d, 0, 0, 0);
  }

  /** Also empties the layout: the shadow goes back to the OS, and no thread should look a range up again. */
  @Override
  protected void nativeShutdown(long d) {
    mapped = MappedLayout.EMPTY;
    ThunkLibrary.call(ThunkBindings.CALL_SHUTDOWN, d, 0, 0, 0);
  }
}
