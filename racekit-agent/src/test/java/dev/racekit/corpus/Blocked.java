package dev.racekit.corpus;

/**
 * Waits until a thread is inside a given method, seen in its stack trace: a corpus program that must interrupt a
 * thread while it blocks in I/O, not before it gets there. Under {@code dev.racekit}, so the agent never instruments
 * it (see {@link InvisibleRendezvous}).
 */
public final class Blocked {
  private Blocked() {}

  /** Spins until {@code t}'s stack has a frame of {@code method} in a class whose name contains {@code classPart}. */
  public static void untilInside(Thread t, String classPart, String method) {
    while (!inside(t, classPart, method)) {
      Thread.onSpinWait();
    }
  }

  private static boolean inside(Thread t, String classPart, String method) {
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getMethodName().equals(method) && e.getClassName().contains(classPart)) {
        return true;
      }
    }
    return false;
  }
}
