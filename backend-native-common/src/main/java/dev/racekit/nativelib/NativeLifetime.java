package dev.racekit.nativelib;

import dev.racekit.spi.InternalThreads;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a native detector's memory may be freed: only once nothing can reach it any more. {@code close()} shuts the
 * detector down ({@code rk_shutdown}: every later call fails cleanly, the shadow goes back to the OS) but a Java
 * thread that read a thread pointer just before may still be inside a call, so the memory itself is freed by a
 * {@link Cleaner}: a thread's ({@code rk_thread_release}) when its {@code RaceThread} is unreachable, the detector's
 * ({@code rk_close}) when the backend and every one of its threads are.
 *
 * <p>A call in flight keeps its {@code RaceThread} reachable: every native call site in the backends uses
 * {@code this} after the call returns (to handle the return code), so the object, and with it this lifetime, stays
 * alive for the whole call. Each thread's cleaning action holds this object, so the detector is freed after every
 * thread's action ran.
 *
 * <p>The garbage collector does not see native memory, and a tool that starts and ends many short threads makes
 * little Java garbage per thread, so it could end millions of threads between two collections while each keeps a
 * few KiB of native memory. Like {@code ByteBuffer.allocateDirect}, this class asks for a collection
 * ({@link System#gc()}) when {@value #GC_AFTER} ended threads wait for their release, and backs off exponentially
 * while the tool keeps its ended threads reachable.
 */
public final class NativeLifetime {
  /** Frees a native detector: {@code rk_close(detector)}. */
  @FunctionalInterface
  public interface DetectorFree {
    void free(long detector);
  }

  /** Frees a native thread: {@code rk_thread_release(detector, thread)}. */
  @FunctionalInterface
  public interface ThreadRelease {
    void release(long detector, long thread);
  }

  private static final Cleaner CLEANER = Cleaner.create(r -> {
    Thread t = InternalThreads.newThread(r, "racekit-native-cleaner");
    t.setDaemon(true);
    return t;
  });

  /** Ended threads of one detector waiting for release before a collection is requested. */
  static final long GC_AFTER = 32_768;

  private final long detector;
  private final ThreadRelease release;
  /** Ended threads whose native memory waits for their RaceThread to become unreachable. */
  private final AtomicLong endedPending = new AtomicLong();
  /** At how many pending ended threads the next collection is requested. */
  private volatile long gcAt = GC_AFTER;

  private NativeLifetime(long detector, ThreadRelease release) {
    this.detector = detector;
    this.release = release;
  }

  /**
   * The lifetime of {@code detector}: {@code free} runs once the returned object is unreachable. Must not capture
   * anything that references the returned object (a static method reference is right).
   */
  public static NativeLifetime of(long detector, DetectorFree free, ThreadRelease release) {
    NativeLifetime life = new NativeLifetime(detector, release);
    CLEANER.register(life, () -> free.free(detector));
    return life;
  }

  /** The native detector pointer. */
  public long detector() {
    return detector;
  }

  /**
   * Releases {@code thread} once {@code owner} (its RaceThread) is unreachable; keeps the detector alive until then.
   * The owner keeps the returned release and calls {@link Release#ended()} when the thread ends.
   */
  public Release releaseWhenUnreachable(Object owner, long thread) {
    Release r = new Release(this, thread);
    CLEANER.register(owner, r);
    return r;
  }

  /** Ended threads of this detector whose native memory is not released yet. */
  public long endedPending() {
    return endedPending.get();
  }

  private void ended() {
    long n = endedPending.incrementAndGet();
    if (n >= gcAt) {
      gcAt = 2 * n; // backs off while the tool keeps ended threads reachable
      System.gc();
    }
  }

  private void releasedEnded() {
    long n = endedPending.decrementAndGet();
    long at = gcAt;
    if (at > GC_AFTER && n < at / 4) {
      gcAt = Math.max(GC_AFTER, at / 2);
    }
  }

  /**
   * The release of one native thread. A static class, so that it holds the lifetime and the pointer but not the
   * RaceThread it cleans up after (which may hold it).
   */
  public static final class Release implements Runnable {
    private final NativeLifetime life;
    private final long thread;
    private volatile boolean ended;

    Release(NativeLifetime life, long thread) {
      this.life = life;
      this.thread = thread;
    }

    /** The thread has ended: its native memory now only waits for its RaceThread to be unreachable. */
    public void ended() {
      if (!ended) {
        ended = true;
        life.ended();
      }
    }

    @Override
    public void run() {
      life.release.release(life.detector, thread);
      if (ended) {
        life.releasedEnded();
      }
    }
  }
}
