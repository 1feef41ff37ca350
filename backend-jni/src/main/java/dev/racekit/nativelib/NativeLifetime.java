package dev.racekit.nativelib;

import java.lang.ref.Cleaner;

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
    Thread t = new Thread(r, "racekit-native-cleaner");
    t.setDaemon(true);
    return t;
  });

  private final long detector;
  private final ThreadRelease release;

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

  /** Releases {@code thread} once {@code owner} (its RaceThread) is unreachable; keeps the detector alive until then. */
  public void releaseWhenUnreachable(Object owner, long thread) {
    CLEANER.register(owner, new Release(this, thread));
  }

  /** A static class, so that it holds the lifetime and the pointer but not the RaceThread it cleans up after. */
  private static final class Release implements Runnable {
    private final NativeLifetime life;
    private final long thread;

    Release(NativeLifetime life, long thread) {
      this.life = life;
      this.thread = thread;
    }

    @Override
    public void run() {
      life.release.release(life.detector, thread);
    }
  }
}
