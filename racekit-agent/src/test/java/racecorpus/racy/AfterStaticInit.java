// EXPECT-RACE: AfterStaticInit.java:17 AfterStaticInit.java:21 | static field racecorpus.racy.AfterStaticInit.limit
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** The static initializer's write is safe; a later plain write by another thread is not. */
public final class AfterStaticInit {
  static int limit = computeLimit();

  static int computeLimit() {
    return 10;
  }

  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      limit = 20; // race @1
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    int seen = limit; // race @2
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("seen " + (seen == 10 || seen == 20));
  }
}
