package dev.racekit.spi;

/**
 * The threads RaceKit starts for itself (a backend's cleaner, a tool's exit hook), made recognisable: a tool that
 * feeds the detector from a whole program, as a bytecode agent does, must make no events on them, as ThreadSanitizer
 * ignores its own background thread. Their work is the detector's, and an event there can take the tool's own locks
 * while the thread holds a lock of the JDK that the detector needs (a cleaner holding its list's monitor).
 */
public final class InternalThreads {
  private InternalThreads() {}

  /**
   * A thread of RaceKit's own, not started; a daemon only if the caller makes it one.
   *
   * @param task what the thread runs
   * @param name the thread's name
   * @return the new thread
   */
  public static Thread newThread(Runnable task, String name) {
    return new Internal(task, name);
  }

  /**
   * Whether a thread is one of RaceKit's own.
   *
   * @param t a thread, or null
   * @return true when {@code t} was made by {@link #newThread}
   */
  public static boolean isInternal(Thread t) {
    return t instanceof Internal;
  }

  private static final class Internal extends Thread {
    Internal(Runnable task, String name) {
      super(task, name);
    }
  }
}
