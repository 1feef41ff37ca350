package dev.racekit.agent.rt;

/**
 * The program's shutdown hooks, recorded as {@code Runtime.addShutdownHook} is called, so that the agent's own exit
 * hook can wait for them before it halts the JVM with the race exit status (a halt would otherwise cut them short:
 * a flight recording never written, a log never flushed). Uses no java.util class: those are instrumented.
 */
final class ShutdownHooks {
  private static final Object LOCK = new Object();
  private static Thread[] hooks = new Thread[4];
  private static int count;

  private ShutdownHooks() {}

  static void added(Thread hook) {
    if (hook == null) {
      return;
    }
    synchronized (LOCK) {
      if (count == hooks.length) {
        Thread[] grown = new Thread[count * 2];
        System.arraycopy(hooks, 0, grown, 0, count);
        hooks = grown;
      }
      hooks[count++] = hook;
    }
  }

  static void removed(Thread hook) {
    synchronized (LOCK) {
      for (int i = 0; i < count; i++) {
        if (hooks[i] == hook) {
          hooks[i] = hooks[--count];
          hooks[count] = null;
          return;
        }
      }
    }
  }

  /** Waits for every recorded hook but the calling thread (one the JVM never starts is given up on after 2 s). */
  static void awaitOthers() {
    Thread[] snapshot;
    synchronized (LOCK) {
      snapshot = new Thread[count];
      System.arraycopy(hooks, 0, snapshot, 0, count);
    }
    Thread self = Thread.currentThread();
    for (Thread t : snapshot) {
      if (t == self) {
        continue;
      }
      try {
        // The JVM starts every hook, then joins them; ours may be running before it has started the others.
        for (int i = 0; i < 2000 && t.getState() == Thread.State.NEW; i++) {
          Thread.sleep(1);
        }
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
