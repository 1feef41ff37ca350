// EXPECT-RACE: LazyInit.java:12 LazyInit.java:15 | static field racecorpus.racy.LazyInit.instance
// MAY-RACE: LazyInit.java:15 LazyInit.java:15 | static field racecorpus.racy.LazyInit.instance
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** Check-then-act lazy initialisation of a static field without synchronization. */
public final class LazyInit {
  static LazyInit instance;

  static LazyInit get() {
    LazyInit local = instance; // race @1
    if (local == null) {
      local = new LazyInit();
      instance = local; // race @2
    }
    return local;
  }

  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      get();
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    get();
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("initialised " + (instance != null));
  }
}
