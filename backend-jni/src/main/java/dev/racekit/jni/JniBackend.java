package dev.racekit.jni;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One native detector ({@code rk_detector}) driven through JNI. Thread start, end, join bookkeeping, shadow mapping
 * and close synchronize on this object (they are rare); accesses and synchronization go straight from
 * {@link JniRaceThread} to the core.
 *
 * <p>Lifetime: a thread's pointer is zeroed when it ends and every thread's pointer when the detector closes, so a later
 * call is an {@link IllegalStateException} in Java. close() only shuts the native detector down ({@code rk_shutdown});
 * native memory is freed once nothing can reach it ({@link NativeLifetime}), so a call that raced with end() or
 * close() on another Java thread still runs on allocated memory.
 */
public final class JniBackend implements RaceBackend {
  private final ReportSink sink;
  private final NativeReports.Drainer drainer;
  private final Set<JniRaceThread> live = new LinkedHashSet<>();
  private final MappedRanges mapped = new MappedRanges();
  private final JniRaceThread main;
  /** The rk_detector; freed by its lifetime once this backend and all its threads are unreachable. */
  private final long detector;
  private final NativeLifetime lifetime;
  /** Set under this object's lock and the drainer's, before rk_shutdown. */
  volatile boolean closed;
  private long unmappedAtClose;
  /** Unmapped accesses counted in Java by threads that have ended. */
  private long endedUnmapped;
  /** The mapped ranges, for the threads' Java-side filter of unmapped accesses. */
  volatile MappedLayout layout = MappedLayout.EMPTY;

  JniBackend(BackendContext context) {
    this.sink = context.reports();
    int historySize = context.options().historySize();
    long d = JniNative.open(historySize);
    if (d == 0) {
      throw new IllegalStateException("racekit: rk_open(history_size=" + historySize
          + ") failed: the native core is out of memory");
    }
    this.detector = d;
    this.lifetime = NativeLifetime.of(d, JniNative::close, JniBackend::releaseThread);
    this.drainer = new NativeReports.Drainer(this::nextReport);
    synchronized (this) {
      this.main = new JniRaceThread(this, JniNative.mainThread(d), 0);
      live.add(main);
    }
  }

  /** The drainer's source; runs under the drainer's lock, which close() also holds while it shuts the detector down. */
  private long nextReport(long[] out) {
    return closed ? 0 : JniNative.nextReport(detector, out);
  }

  /** The cleaning action of an unreachable thread; static, so that it holds nothing but the pointers. */
  private static void releaseThread(long detector, long thread) {
    JniNative.threadRelease(detector, thread);
  }

  @Override
  public RaceThread mainThread() {
    checkOpen();
    return main;
  }

  @Override
  public RaceThread startThread(RaceThread parent, long pc) {
    if (!(parent instanceof JniRaceThread) || ((JniRaceThread) parent).backend != this) {
      throw new IllegalArgumentException("racekit: the parent thread belongs to another detector");
    }
    JniRaceThread p = (JniRaceThread) parent;
    synchronized (this) {
      long pp = p.pointer();
      long child = JniNative.threadStart(detector, pp, pc);
      if (child < 0) {
        throw NativeErrors.forStart(child, p.id());
      }
      if (child == 0) {
        throw NativeErrors.forStart(NativeErrors.ENOMEM, p.id());
      }
      JniRaceThread t = new JniRaceThread(this, child, JniNative.threadId(child));
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
  synchronized void endThread(JniRaceThread t) {
    long tp = t.pointer();
    while (true) {
      long length = JniNative.threadClockLength(tp);
      if (length < 0) {
        throw NativeErrors.forThread(length, t.id(), "rk_thread_clock_length");
      }
      if (length > NativeErrors.MAX_SLOTS) {
        throw new IllegalStateException("racekit: clock of thread " + t.id() + " has " + length + " entries");
      }
      long[] clock = new long[(int) length];
      long n = JniNative.threadEnd(detector, tp, clock);
      if (n == NativeErrors.EINVAL) {
        continue;
      }
      if (n < 0) {
        throw NativeErrors.forThread(n, t.id(), "rk_thread_end");
      }
      t.markEnded(n == clock.length ? clock : java.util.Arrays.copyOf(clock, (int) n));
      live.remove(t);
      endedUnmapped += t.unmapped;
      return;
    }
  }

  @Override
  public synchronized void mapShadow(long base, long size) {
    checkOpen();
    mapped.check(base, size); // the same checks and messages as every backend
    int rc = JniNative.mapShadow(detector, base, size);
    if (rc < 0) {
      throw NativeErrors.forMapShadow(rc, base, size);
    }
    mapped.add(base, size);
    layout = layout.with(base, size);
  }

  @Override
  public synchronized long unmappedAccessCount() {
    if (closed) {
      return unmappedAtClose;
    }
    return JniNative.unmappedCount(detector) + javaUnmapped();
  }

  /** Unmapped accesses the threads settled in Java (live threads' counts are read racily, as a statistic). */
  private long javaUnmapped() {
    long n = endedUnmapped;
    for (JniRaceThread t : live) {
      n += t.unmapped;
    }
    return n;
  }

  /**
   * Bytes of native shadow memory resident (touched) now ({@code rk_shadow_resident_bytes}), for memory accounting
   * and benchmarks; 0 once closed.
   */
  @Override
  public synchronized long shadowMemoryBytes() {
    return closed ? 0 : JniNative.shadowResidentBytes(detector);
  }

  /** Hands every queued report to the sink; called by a thread whose call returned RK_REPORTED. */
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
      synchronized (drainer) {
        pending = drainer.takeAll();
        closed = true;
        for (JniRaceThread t : live) {
          t.markClosed();
        }
        unmappedAtClose = JniNative.unmappedCount(detector) + javaUnmapped();
        live.clear();
        JniNative.shutdown(detector); // frees nothing a racing call can reach; the lifetime frees it later

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
    return "JniBackend[" + (closed ? "closed" : "open") + "]";
  }
}
