package dev.racekit.jni;

import dev.racekit.RaceThread;
import dev.racekit.nativelib.NativeErrors;
import dev.racekit.spi.Checks;

/**
 * A detector thread of the JNI backend: holds its native {@code rk_thread} pointer, so an event is one JNI call with
 * no lookup. Every call runs the Java backend's checks first (liveness, then {@link Checks}), so the core never sees
 * a malformed argument or a freed pointer; a call that found a race ({@code RK_REPORTED}) drains the report queue
 * into the backend's sink before it returns.
 */
final class JniRaceThread implements RaceThread {
  private static final int LIVE = 0;
  private static final int ENDED = 1;
  private static final int CLOSED = 2;

  final JniBackend backend;
  private final long id;
  /**
   * The rk_thread; zero once the thread ended or the detector closed (both under the backend's lock). Volatile so that
   * a Java thread that did not itself call end() or close() still never passes a freed pointer (a volatile read costs
   * nothing next to a JNI transition).
   */
  private volatile long pointer;
  private volatile int state = LIVE;
  /** The final vector clock, saved by end() for join(). */
  private volatile long[] finalClock;

  JniRaceThread(JniBackend backend, long pointer, long id) {
    this.backend = backend;
    this.pointer = pointer;
    this.id = id;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public boolean isEnded() {
    return state != LIVE;
  }

  /** The live native pointer, or the Java backend's IllegalStateException. */
  long pointer() {
    long t = pointer;
    if (t == 0 || backend.closed) {
      throw new IllegalStateException(state == ENDED
          ? "racekit: thread " + id + " has ended"
          : "racekit: the detector is closed");
    }
    return t;
  }

  /** Handles a core return code: drains reports on RK_REPORTED, throws for errors. */
  private void done(int rc, String what) {
    if (rc == NativeErrors.REPORTED) {
      backend.drainReports();
    } else if (rc != NativeErrors.OK) {
      throw NativeErrors.forThread(rc, id, what);
    }
  }

  @Override
  public void read(long addr, long pc) {
    long t = pointer();
    int rc = JniNative.read(t, addr, 1, pc);
    if (rc != 0) {
      done(rc, "rk_read");
    }
  }

  @Override
  public void write(long addr, long pc) {
    long t = pointer();
    int rc = JniNative.write(t, addr, 1, pc);
    if (rc != 0) {
      done(rc, "rk_write");
    }
  }

  @Override
  public void read(long addr, int size, long pc) {
    long t = pointer();
    Checks.sized(addr, size);
    int rc = JniNative.read(t, addr, size, pc);
    if (rc != 0) {
      done(rc, "rk_read");
    }
  }

  @Override
  public void write(long addr, int size, long pc) {
    long t = pointer();
    Checks.sized(addr, size);
    int rc = JniNative.write(t, addr, size, pc);
    if (rc != 0) {
      done(rc, "rk_write");
    }
  }

  @Override
  public void atomicRead(long addr, int size, long pc) {
    long t = pointer();
    Checks.sized(addr, size);
    int rc = JniNative.atomicRead(t, addr, size, pc);
    if (rc != 0) {
      done(rc, "rk_access");
    }
  }

  @Override
  public void atomicWrite(long addr, int size, long pc) {
    long t = pointer();
    Checks.sized(addr, size);
    int rc = JniNative.atomicWrite(t, addr, size, pc);
    if (rc != 0) {
      done(rc, "rk_access");
    }
  }

  @Override
  public void readRange(long addr, long len, long pc) {
    long t = pointer();
    Checks.range(addr, len);
    int rc = JniNative.readRange(t, addr, len, pc);
    if (rc != 0) {
      done(rc, "rk_access_range");
    }
  }

  @Override
  public void writeRange(long addr, long len, long pc) {
    long t = pointer();
    Checks.range(addr, len);
    int rc = JniNative.writeRange(t, addr, len, pc);
    if (rc != 0) {
      done(rc, "rk_access_range");
    }
  }

  @Override
  public void funcEnter(long pc) {
    int rc = JniNative.funcEnter(pointer(), pc);
    if (rc != 0) {
      done(rc, "rk_func_enter");
    }
  }

  @Override
  public void funcExit() {
    int rc = JniNative.funcExit(pointer());
    if (rc != 0) {
      done(rc, "rk_func_exit");
    }
  }

  @Override
  public void acquire(long sync) {
    int rc = JniNative.acquire(pointer(), sync);
    if (rc != 0) {
      done(rc, "rk_acquire");
    }
  }

  @Override
  public void release(long sync) {
    int rc = JniNative.release(pointer(), sync);
    if (rc != 0) {
      done(rc, "rk_release");
    }
  }

  @Override
  public void releaseMerge(long sync) {
    int rc = JniNative.releaseMerge(pointer(), sync);
    if (rc != 0) {
      done(rc, "rk_release_merge");
    }
  }

  @Override
  public void ignoreBegin() {
    int rc = JniNative.ignoreBegin(pointer());
    if (rc != 0) {
      done(rc, "rk_ignore_begin");
    }
  }

  @Override
  public void ignoreEnd() {
    int rc = JniNative.ignoreEnd(pointer());
    if (rc != 0) {
      done(rc, "rk_ignore_end");
    }
  }

  @Override
  public void malloc(long addr, long size) {
    long t = pointer();
    Checks.range(addr, size);
    int rc = JniNative.malloc(t, addr, size);
    if (rc != 0) {
      done(rc, "rk_malloc");
    }
  }

  @Override
  public void free(long addr, long size, long pc) {
    long t = pointer();
    Checks.range(addr, size);
    int rc = JniNative.free(t, addr, size, pc);
    if (rc != 0) {
      done(rc, "rk_free");
    }
  }

  @Override
  public void end() {
    backend.endThread(this);
  }

  @Override
  public void join(RaceThread child) {
    long t = pointer();
    if (!(child instanceof JniRaceThread) || ((JniRaceThread) child).backend != backend) {
      throw new IllegalArgumentException("racekit: join of a thread from another detector");
    }
    JniRaceThread c = (JniRaceThread) child;
    if (c == this) {
      throw new IllegalArgumentException("racekit: thread " + id + " cannot join itself");
    }
    long[] clock = c.finalClock;
    if (clock == null) {
      throw new IllegalStateException("racekit: join of thread " + c.id + ", which has not ended");
    }
    int rc = JniNative.threadJoin(t, clock, clock.length);
    if (rc < 0) {
      throw NativeErrors.forJoin(rc, id, c.id);
    }
    if (rc == NativeErrors.REPORTED) {
      backend.drainReports();
    }
  }

  /** Called by the backend, under its lock, once rk_thread_end freed the native thread. */
  void markEnded(long[] clock) {
    finalClock = clock;
    pointer = 0;
    state = ENDED;
  }

  /** Called by the backend, under its lock, before rk_close frees the native thread. */
  void markClosed() {
    pointer = 0;
    state = CLOSED;
  }

  @Override
  public String toString() {
    return "RaceThread[" + id + ", jni]";
  }
}
