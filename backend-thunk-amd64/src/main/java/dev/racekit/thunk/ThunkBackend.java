package dev.racekit.thunk;

import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import dev.racekit.nativelib.MappedLayout;
import dev.racekit.nativelib.NativeErrors;
import dev.racekit.nativelib.NativeLifetime;
import dev.racekit.nativelib.NativeReports;
import dev.racekit.spi.BackendContext;
import dev.racekit.spi.MappedRanges;
import dev.racekit.spi.RaceBackend;
import dev.racekit.spi.ReportSink;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One native detector driven through FFM. Lifecycle calls (start, end, join, map, close) synchronize on this object
 * and use ordinary downcalls; the hot calls go from {@link ThunkRaceThread} through critical downcalls into the
 * thunks. As in the JNI backend, a late call is a Java exception, and native memory (threads, the detector, the shadow
 * this class's threads read in place) is freed only once nothing can reach it ({@link NativeLifetime}): close() shuts
 * the detector down and hands the shadow's memory back to the OS, but keeps it mapped, so a thread that raced with it
 * reads zeros.
 */
final class ThunkBackend implements RaceBackend {
  /**
   * A mapped range, the address of its native shadow cells ({@code rk_shadow_cells}) and its index in mapping order,
   * which the sized thunks pass to the core so that it need not look the range up again.
   */
  record NativeRange(long base, long size, long cells, long index) {}

  /** A range that holds nothing: the starting value of per-thread range caches. */
  static final NativeRange NONE = new NativeRange(0, 0, 0, -1);

  private final ReportSink sink;
  private final NativeReports.Drainer drainer;
  private final Set<ThunkRaceThread> live = new LinkedHashSet<>();
  private final MappedRanges mapped = new MappedRanges();
  private final ThunkRaceThread main;
  /** The mapped ranges (bounding box and lookup: {@link MappedLayout}) and, by the same index, their native cells. */
  private record Layout(MappedLayout mapped, NativeRange[] ranges) {}

  private static final Layout EMPTY = new Layout(MappedLayout.EMPTY, new NativeRange[0]);

  /** Read when a thread's cached range misses; replaced (never mutated) by mapShadow, emptied by close. */
  private volatile Layout layout = EMPTY;
  /** The rk_detector; freed by its lifetime once this backend and all its threads are unreachable. */
  private final long detector;
  private final NativeLifetime lifetime;
  /** Set under this object's lock and the drainer's, before rk_shutdown. */
  volatile boolean closed;
  private long unmappedAtClose;
  private long endedUnmapped;

  ThunkBackend(BackendContext context) {
    this.sink = context.reports();
    int historySize = context.options().historySize();
    long d = (long) call(() -> (long) ThunkLibrary.OPEN.invokeExact(historySize));
    if (d == 0) {
      throw new IllegalStateException("racekit: rk_open(history_size=" + historySize
          + ") failed: the native core is out of memory");
    }
    this.detector = d;
    this.lifetime = NativeLifetime.of(d, ThunkBackend::freeDetector, ThunkBackend::releaseThread);
    this.drainer = new NativeReports.Drainer(this::nextReport);
    synchronized (this) {
      long m = (long) call(() -> (long) ThunkLibrary.MAIN_THREAD.invokeExact(d));
      this.main = new ThunkRaceThread(this, m, 0);
      live.add(main);
    }
  }

  /** A downcall that cannot throw a checked exception. */
  @FunctionalInterface
  private interface Downcall {
    Object run() throws Throwable;
  }

  private static Object call(Downcall c) {
    try {
      return c.run();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** The cleaning actions; static, so that they hold nothing but the pointers. */
  private static void freeDetector(long d) {
    call(() -> {
      ThunkLibrary.CLOSE.invokeExact(d);
      return null;
    });
  }

  private static void releaseThread(long d, long t) {
    call(() -> (int) ThunkLibrary.THREAD_RELEASE.invokeExact(d, t));
  }

  /** The drainer's source; runs under the drainer's lock, which close() also holds while it shuts the detector down. */
  private long nextReport(long[] out) {
    long d = detector;
    if (closed) {
      return 0;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(ValueLayout.JAVA_LONG, out.length);
      long n = (long) call(() -> (long) ThunkLibrary.NEXT_REPORT.invokeExact(d, buf.address(), (long) out.length));
      if (n > 0 && n <= out.length) {
        MemorySegment.copy(buf, ValueLayout.JAVA_LONG, 0, out, 0, (int) n);
      }
      return n;
    }
  }

  @Override
  public RaceThread mainThread() {
    checkOpen();
    return main;
  }

  @Override
  public RaceThread startThread(RaceThread parent, long pc) {
    if (!(parent instanceof ThunkRaceThread p) || p.backend != this) {
      throw new IllegalArgumentException("racekit: the parent thread belongs to another detector");
    }
    synchronized (this) {
      long pp = p.pointer();
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
        long d = detector;
        int rc = (int) call(() -> (int) ThunkLibrary.THREAD_START.invokeExact(d, pp, pc, out.address()));
        if (rc < 0) {
          throw NativeErrors.forStart(rc, p.id());
        }
        long child = out.get(ValueLayout.JAVA_LONG, 0);
        long id = (long) call(() -> (long) ThunkLibrary.THREAD_ID.invokeExact(child));
        ThunkRaceThread t = new ThunkRaceThread(this, child, id);
        t.releasedBy(lifetime.releaseWhenUnreachable(t, child));
        live.add(t);
        return t;
      }
    }
  }

  /**
   * rk_thread_end: saves the final clock and zeroes the pointer; the native thread is freed once the RaceThread is
   * unreachable. RK_EINVAL means the clock grew since its length was read (another Java thread feeds this one): read
   * it again, it only grows, up to RK_MAX_SLOTS.
   */
  synchronized void endThread(ThunkRaceThread t) {
    long tp = t.pointer();
    while (true) {
      long length = (long) call(() -> (long) ThunkLibrary.THREAD_CLOCK_LENGTH.invokeExact(tp));
      if (length < 0) {
        throw NativeErrors.forThread(length, t.id(), "rk_thread_clock_length");
      }
      if (length > NativeErrors.MAX_SLOTS) {
        throw new IllegalStateException("racekit: clock of thread " + t.id() + " has " + length + " entries");
      }
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment buf = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, length));
        long d = detector;
        long n = (long) call(() -> (long) ThunkLibrary.THREAD_END.invokeExact(d, tp, buf.address(), length));
        if (n == NativeErrors.EINVAL) {
          continue;
        }
        if (n < 0) {
          throw NativeErrors.forThread(n, t.id(), "rk_thread_end");
        }
        long[] clock = new long[(int) n];
        MemorySegment.copy(buf, ValueLayout.JAVA_LONG, 0, clock, 0, (int) n);
        endedUnmapped += t.unmapped;
        t.markEnded(clock);
        live.remove(t);
        return;
      }
    }
  }

  int join(long thread, long[] clock) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, clock.length));
      MemorySegment.copy(clock, 0, buf, ValueLayout.JAVA_LONG, 0, clock.length);
      return (int) call(() -> (int) ThunkLibrary.THREAD_JOIN.invokeExact(thread, buf.address(), (long) clock.length));
    }
  }

  @Override
  public synchronized void mapShadow(long base, long size) {
    checkOpen();
    mapped.check(base, size); // the same checks and messages as every backend
    long d = detector;
    int rc = (int) call(() -> (int) ThunkLibrary.MAP_SHADOW.invokeExact(d, base, size));
    if (rc < 0) {
      throw NativeErrors.forMapShadow(rc, base, size);
    }
    mapped.add(base, size);
    long cells = (long) call(() -> (long) ThunkLibrary.SHADOW_CELLS.invokeExact(d, base));
    Layout l = layout;
    NativeRange[] next = java.util.Arrays.copyOf(l.ranges(), l.ranges().length + 1);
    // the core numbers its ranges in the order they were mapped, as this array does (both only under this lock)
    next[next.length - 1] = new NativeRange(base, size, cells, next.length - 1);
    layout = new Layout(l.mapped().with(base, size), next);
  }

  /** The mapped range holding {@code addr}, or null. */
  NativeRange findRange(long addr) {
    Layout l = layout;
    int i = l.mapped().find(addr); // outside the bounding box: the common unmapped case costs one compare
    return i < 0 ? null : l.ranges()[i];
  }

  @Override
  public synchronized long unmappedAccessCount() {
    if (closed) {
      return unmappedAtClose;
    }
    long n = endedUnmapped;
    for (ThunkRaceThread t : live) {
      n += t.unmapped;
    }
    long d = detector;
    return n + (long) call(() -> (long) ThunkLibrary.UNMAPPED_COUNT.invokeExact(d));
  }

  /** Bytes of native shadow memory resident now; 0 once closed. */
  @Override
  public synchronized long shadowMemoryBytes() {
    long d = detector;
    return closed ? 0 : (long) call(() -> (long) ThunkLibrary.SHADOW_RESIDENT_BYTES.invokeExact(d));
  }

  void drainReports() {
    drainer.drainTo(sink);
  }

  @Override
  public void close() {
    List<RaceReport> pending;
    synchronized (this) {
      if (closed) {
        return;
      }
      unmappedAtClose = unmappedAccessCount();
      synchronized (drainer) {
        pending = drainer.takeAll();
        closed = true;
        for (ThunkRaceThread t : live) {
          t.markClosed();
        }
        live.clear();
        layout = EMPTY;
        long d = detector;
        call(() -> { // frees nothing a racing call can reach; the lifetime frees it later
          ThunkLibrary.SHUTDOWN.invokeExact(d);
          return null;
        });
      }
    }
    for (RaceReport r : pending) {
      sink.report(r);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("racekit: the detector is closed");
    }
  }

  @Override
  public String toString() {
    return "ThunkBackend[" + (closed ? "closed" : "open") + "]";
  }
}
