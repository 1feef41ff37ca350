package racecorpus.smoke;

import java.lang.ref.WeakReference;

/**
 * An object the main thread has just written and then dropped, and one a worker thread (still alive) has: after one
 * {@code System.gc()} both weak references are cleared, as without the agent, though each object was the last its
 * thread touched (the agent's per-thread caches held such objects until the collection that needed them gone).
 * Then two threads call {@code System.gc()} at once, which must be reported as nothing.
 */
public class SmokeWeakReference {
  int value;

  /** A new object, written, and a weak reference to it: no frame holds the object once this returns. */
  static WeakReference<SmokeWeakReference> touched(int value) {
    SmokeWeakReference o = new SmokeWeakReference();
    o.value = value;
    return new WeakReference<>(o);
  }

  public static void main(String[] args) throws Exception {
    WeakReference<SmokeWeakReference> mineRef = touched(1);
    Object[] handOff = new Object[1];
    Thread worker = new Thread(() -> {
      WeakReference<SmokeWeakReference> theirs = touched(2);
      synchronized (handOff) {
        handOff[0] = theirs;
        handOff.notifyAll();
        try {
          handOff.wait(); // alive, holding nothing, until main has collected
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
    }, "worker-1");
    WeakReference<?> theirsRef;
    synchronized (handOff) {
      worker.start();
      while (handOff[0] == null) {
        handOff.wait();
      }
      theirsRef = (WeakReference<?>) handOff[0];
      System.gc();
      handOff.notifyAll();
    }
    worker.join();
    // Two threads asking for a collection at once: emptying every thread's caches makes no event of its own.
    Thread[] collectors = new Thread[2];
    for (int t = 0; t < collectors.length; t++) {
      collectors[t] = new Thread(() -> {
        for (int i = 0; i < 3; i++) {
          System.gc();
        }
      }, "collector-" + t);
      collectors[t].start();
    }
    for (Thread t : collectors) {
      t.join();
    }
    System.out.println("cleared: mine=" + (mineRef.get() == null) + " theirs=" + (theirsRef.get() == null));
  }
}
