package dev.racekit.nativelib;

import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import dev.racekit.spi.BackendContext;
import dev.racekit.spi.MappedRanges;
import dev.racekit.spi.RaceBackend;
import dev.racekit.spi.ReportSink;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntToLongFunction;

/**
 * What both native backends' {@link RaceBackend} share: one {@code rk_detector} and its lifetime, the live threads,
 * thread start and end, shadow mapping, the count of unmapped accesses, report draining and close. Subclasses make
 * the native calls, each in its own way (JNI, FFM). Lifecycle calls synchronize on this object (they are rare);
 * accesses and synchronization go straight from the threads to the core.
 *
 * <p>Lifetime: a thread's pointer is zeroed when it ends and every thread's pointer when the detector closes, so a
 * later call is an {@link IllegalStateException} in Java. close() only shuts the native detector down
 * ({@code rk_shutdown}); native memory is freed once nothing can reach it ({@link NativeLifetime}), so a call that
 * raced with end() or close() on another Java thread still runs on allocated memory.
 *
 * @param <T> the backend's thread class
 */
public abstract class NativeBackend<T extends NativeRaceThread<?>> implements RaceBackend {
  private final String name;
  private final ReportSink sink;
  private final NativeReports.Drainer drainer;
  private final Set<T> live = new LinkedHashSet<>();
  private final MappedRanges mapped = new MappedRanges();
  /** The rk_detector; freed by its lifetime once this backend and all its threads are unreachable. */
  private final long detector;
  private final NativeLifetime lifetime;
  private final T main;
  /** Set under this object's lock and the drainer's, before rk_shutdown. */
  private volatile boolean closed;
  private long unmappedAtClose;
  /** Unmapped accesses counted in Java by threads that have ended. */
  private long endedUnmapped;

  /**
   * rk_open with the context's history size, then rk_main_thread. The cleaning actions must be static (they hold
   * nothing but the pointers), so that this backend can become unreachable.
   */
  protected NativeBackend(String name, BackendContext context, IntToLongFunction open, NativeLifetime.DetectorFree free,
      NativeLifetime.ThreadRelease release) {
    this.name = name;
    this.sink = context.reports();
    int historySize = context.options().historySize();
    long d = open.applyAsLong(historySize);
    if (d == 0) {
      throw new IllegalStateException("racekit: rk_open(history_size=" + historySize
          + ") failed: the native core is out of memory");
    }
    this.detector = d;
    this.lifetime = NativeLifetime.of(d, free, release);
    this.drainer = new NativeReports.Drainer(this::nextReport);
    synchronized (this) {
      this.main = newThread(nativeMainThread(d), 0);
      live.add(main);
    }
  }

  /** The backend's thread for a native thread. Also called by the constructor, for the main thread: construct only. */
  protected abstract T newThread(long pointer, long id);

  /** {@code rk_main_thread(detector)}; called by the constructor. */
  protected abstract long nativeMainThread(long detector);

  /** {@code rk_thread_start}: the child's pointer, or a negative error code. */
  protected abstract long nativeThreadStart(long detector, long parent, long pc);

  /** {@code rk_thread_id}. */
  protected abstract long nativeThreadId(long thread);

  /** {@code rk_thread_clock_length}. */
  protected abstract long nativeClockLength(long thread);

  /** {@code rk_thread_end(detector, thread, clock, clock.length)}: the entries written, or an error code. */
  protected abstract long nativeThreadEnd(long detector, long thread, long[] clock);

  /** {@code rk_thread_join(thread, clock, clock.length)}. */
  protected abstract int nativeJoin(long thread, long[] clock);

  /** {@code rk_map_shadow}. */
  protected abstract int nativeMapShadow(long detector, long base, long size);

  /** Called under this object's lock once the core mapped a range: the subclass updates its Java-side filter. */
  protected abstract void mapped(long detector, long base, long size);

  /** {@code rk_unmapped_count}. */
  protected abstract long nativeUnmappedCount(long detector);

  /** {@code rk_shadow_resident_bytes}. */
  protected abstract long nativeShadowResidentBytes(long detector);

  /** {@code rk_next_report(detector, out, out.length)}. */
  protected abstract long nativeNextReport(long detector, long[] out);

  /** {@code rk_shutdown}, called once under both locks, after every thread's pointer was zeroed. */
  protected abstract void nativeShutdown(long detector);

  /** Whether close() has run. */
  protected final boolean isClosed() {
    return closed;
  }

  /** The drainer's source; runs under the drainer's lock, which close() also holds while it shuts the detector down. */
  private long nextReport(long[] out) {
    return closed ? 0 : nativeNextReport(detector, out);
  }

  @Override
  public final RaceThread mainThread() {
    checkOpen();
    return main;
  }

  @Override
  public final RaceThread startThread(RaceThread parent, long pc) {
    if (!(parent instanceof NativeRaceThread<?> p) || p.backend != this) {
      throw new IllegalArgumentException("racekit: the parent thread belongs to another detector");
    }
    synchronized (this) {
      long child = nativeThreadStart(detector, p.pointer(), pc);
      if (child < 0) {
        throw NativeErrors.forStart(child, p.id());
      }
      if (child == 0) {
        throw NativeErrors.forStart(NativeErrors.ENOMEM, p.id());
      }
      T t = newThread(child, nativeThreadId(child));
      t.releasedBy(lifetime.releaseWhenUnreachable(t, child));
      live.add(t);
      return t;
    }
  }

  /**
   * rk_thread_end: saves the final clock for later joins and zeroes the pointer; the native thread is freed once the
   * RaceThread is unreachable. RK_EINVAL means the clock grew since its length was read (another Java thread is
   * feeding this one, joining as it goes): read it again, it only grows, up to RK_MAX_SLOTS.
   */
  final synchronized void endThread(NativeRaceThread<?> t) {
    long tp = t.pointer();
    while (true) {
      long length = nativeClockLength(tp);
      if (length < 0) {
        throw NativeErrors.forThread(length, t.id(), "rk_thread_clock_length");
      }
      if (length > NativeErrors.MAX_SLOTS) {
        throw new IllegalStateException("racekit: clock of thread " + t.id() + " has " + length + " entries");
      }
      long[] clock = new long[(int) length];
      long n = nativeThreadEnd(detector, tp, clock);
      if (n == NativeErrors.EINVAL) {
        continue;
      }
      if (n < 0) {
        throw NativeErrors.forThread(n, t.id(), "rk_thread_end");
      }
      endedUnmapped += t.unmapped;
      t.markEnded(n == clock.length ? clock : Arrays.copyOf(clock, (int) n));
      live.remove(t);
      return;
    }
  }

  @Override
  public final synchronized void mapShadow(long base, long size) {
    checkOpen();
    mapped.check(base, size); // the same checks and messages as every backend
    int rc = nativeMapShadow(detector, base, size);
    if (rc < 0) {
      throw NativeErrors.forMapShadow(rc, base, size);
    }
    mapped.add(base, size);
    mapped(detector, base, size);
  }

  @Override
  public final synchronized long unmappedAccessCount() {
    if (closed) {
      return unmappedAtClose;
    }
    // accesses the threads settled in Java (live threads' counts are read racily, as a statistic), and the core's
    long n = endedUnmapped;
    for (T t : live) {
      n += t.unmapped;
    }
    return n + nativeUnmappedCount(detector);
  }

  /**
   * Bytes of native shadow memory resident (touched) now ({@code rk_shadow_resident_bytes}), for memory accounting
   * and benchmarks; 0 once closed.
   */
  @Override
  public final synchronized long shadowMemoryBytes() {
    return closed ? 0 : nativeShadowResidentBytes(detector);
  }

  /** Hands every queued report to the sink; called by a thread whose call returned RK_REPORTED. */
  final void drainReports() {
    drainer.drainTo(sink);
  }

  @Override
  public final void close() {
    List<RaceReport> pending;
    synchronized (this) {
      if (closed) {
        return;
      }
      unmappedAtClose = unmappedAccessCount();
      synchronized (drainer) {
        pending = drainer.takeAll();
        closed = true;
        for (T t : live) {
          t.markClosed();
        }
        live.clear();
        nativeShutdown(detector); // frees nothing a racing call can reach; the lifetime frees it later
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
    return name + "[" + (closed ? "closed" : "open") + "]";
  }
}
