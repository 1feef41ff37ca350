package dev.racekit.jni;

import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import dev.racekit.nativelib.NativeErrors;
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
 * <p>Java owns the lifetime of every native pointer: a thread's pointer is zeroed when it ends and every live
 * thread's pointer is zeroed before the detector is freed, so a late call is an {@link IllegalStateException} in Java,
 * never a use of freed native memory (provided, as {@link dev.racekit.RaceDetector#close()} requires, that the tool has
 * stopped feeding events before it closes).
 */
public final class JniBackend implements RaceBackend {
  private final ReportSink sink;
  private final NativeReports.Drainer drainer;
  private final Set<JniRaceThread> live = new LinkedHashSet<>();
  private final MappedRanges mapped = new MappedRanges();
  private final JniRaceThread main;
  /** The rk_detector; written only under the drainer's lock (and this object's), zero once closed. */
  private long detector;
  volatile boolean closed;
  private long unmappedAtClose;

  JniBackend(BackendContext context) {
    this.sink = context.reports();
    int historySize = context.options().historySize();
    long d = JniNative.open(historySize);
    if (d == 0) {
      throw new IllegalStateException("racekit: rk_open(history_size=" + historySize
          + ") failed: the native core is out of memory");
    }
    this.detector = d;
    this.drainer = new NativeReports.Drainer(this::nextReport);
    synchronized (this) {
      this.main = new JniRaceThread(this, JniNative.mainThread(d), 0);
      live.add(main);
    }
  }

  /** The drainer's source; runs under the drainer's lock, which close() also holds while it frees the detector. */
  private long nextReport(long[] out) {
    long d = detector;
    return d == 0 ? 0 : JniNative.nextReport(d, out);
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
      live.add(t);
      return t;
    }
  }

  /** rk_thread_end: saves the final clock for later joins, frees the native thread, zeroes the pointer. */
  synchronized void endThread(JniRaceThread t) {
    long tp = t.pointer();
    long length = JniNative.threadClockLength(tp);
    if (length < 0) {
      throw NativeErrors.forThread(length, t.id(), "rk_thread_clock_length");
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("racekit: clock of thread " + t.id() + " has " + length + " entries");
    }
    long[] clock = new long[(int) length];
    long n = JniNative.threadEnd(detector, tp, clock);
    if (n < 0) {
      throw NativeErrors.forThread(n, t.id(), "rk_thread_end");
    }
    t.markEnded(n == clock.length ? clock : java.util.Arrays.copyOf(clock, (int) n));
    live.remove(t);
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
  }

  @Override
  public synchronized long unmappedAccessCount() {
    return closed ? unmappedAtClose : JniNative.unmappedCount(detector);
  }

  /**
   * Bytes of native shadow memory resident (touched) now ({@code rk_shadow_resident_bytes}), for memory accounting
   * and benchmarks; 0 once closed.
   */
  public synchronized long shadowResidentBytes() {
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
        live.clear();
        unmappedAtClose = JniNative.unmappedCount(detector);
        long d = detector;
        detector = 0;
        JniNative.close(d);
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
