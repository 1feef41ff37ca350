package dev.racekit.nativelib;

import dev.racekit.RaceThread;

/**
 * What every native backend's {@link RaceThread} shares: the native {@code rk_thread} pointer and its lifetime, the
 * handling of the core's return codes, and join. Subclasses make the calls, each in its own way (JNI, FFM).
 *
 * <p>The pointer is zeroed when the thread ends or the detector closes, and every call reads it first, so a later
 * call is an {@link IllegalStateException}. A call that read it just before (another Java thread ended the thread or
 * closed the detector meanwhile) still runs on allocated memory: the native thread is freed only once this object is
 * unreachable ({@link NativeLifetime}), and the core answers it {@code RK_EENDED}/{@code RK_ECLOSED} or lets it
 * finish. Volatile, so that a Java thread that did not itself call end() or close() sees the zero (a volatile read
 * costs nothing next to a downcall).
 */
public abstract class NativeRaceThread<B extends NativeBackend<?>> implements RaceThread {
  private static final int LIVE = 0;
  private static final int ENDED = 1;
  private static final int CLOSED = 2;

  /** The detector this thread belongs to. */
  protected final B backend;
  private final long id;
  private volatile long pointer;
  private volatile int state = LIVE;
  /** The final vector clock, saved at end() for join(). */
  private volatile long[] finalClock;
  /** What frees the native thread once this object is unreachable; null for the main thread (freed with the detector). */
  private NativeLifetime.Release release;
  /** Unmapped sized accesses counted here instead of in the core (read by the backend's count, racily). */
  protected long unmapped;

  protected NativeRaceThread(B backend, long pointer, long id) {
    this.backend = backend;
    this.pointer = pointer;
    this.id = id;
  }

  @Override
  public final long id() {
    return id;
  }

  @Override
  public final boolean isEnded() {
    return state != LIVE;
  }

  /** The live native pointer, or the Java backend's IllegalStateException. */
  public final long pointer() {
    long t = pointer;
    if (t == 0) {
      throw new IllegalStateException(state == ENDED
          ? "racekit: thread " + id + " has ended"
          : "racekit: the detector is closed");
    }
    return t;
  }

  /**
   * Handles a core return code other than {@code RK_OK}: drains reports on RK_REPORTED, throws for errors. Every
   * native call site calls it (or otherwise uses {@code this}) after the call, which keeps this object, and so the
   * native memory the call uses, reachable until the call has returned.
   */
  protected final void done(int rc, String what) {
    if (rc == NativeErrors.REPORTED) {
      backend.drainReports();
    } else if (rc != NativeErrors.OK) {
      throw NativeErrors.forThread(rc, id, what);
    }
  }

  @Override
  public final void join(RaceThread child) {
    long t = pointer();
    if (!(child instanceof NativeRaceThread<?> c) || c.backend != backend) {
      throw new IllegalArgumentException("racekit: join of a thread from another detector");
    }
    if (c == this) {
      throw new IllegalArgumentException("racekit: thread " + id + " cannot join itself");
    }
    long[] clock = c.finalClock;
    if (clock == null) {
      throw new IllegalStateException("racekit: join of thread " + c.id + ", which has not ended");
    }
    int rc = backend.nativeJoin(t, clock);
    if (rc < 0) {
      throw NativeErrors.forJoin(rc, id, c.id);
    }
    if (rc == NativeErrors.REPORTED) {
      backend.drainReports();
    }
  }

  @Override
  public final void end() {
    backend.endThread(this);
  }

  /** Called by the backend, under its lock, right after creating this thread. */
  public final void releasedBy(NativeLifetime.Release r) {
    release = r;
  }

  /** Called by the backend, under its lock, once rk_thread_end ended the native thread. */
  public final void markEnded(long[] clock) {
    finalClock = clock;
    pointer = 0;
    state = ENDED;
    if (release != null) {
      release.ended();
    }
  }

  /** Called by the backend, under its lock, before rk_close frees the native thread. */
  public final void markClosed() {
    pointer = 0;
    state = CLOSED;
  }
}
