// EXPECT-RACE: StaticInitialiserReadsUnpublished.java:25 StaticInitialiserReadsUnpublished.java:15 | static field racecorpus.racy.StaticInitialiserReadsUnpublished.configured
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/**
 * A static initialiser reads a plain field that another thread writes with no synchronisation. Initialisation orders
 * the initialiser before the class's uses, not after the writes of threads that never touched the class.
 */
public final class StaticInitialiserReadsUnpublished {
  static int configured = 4;

  /** Its limit comes from the configuration when it is first used. */
  static final class Limits {
    static final int MAX = configured * 2; // race @2

    static int max() {
      return MAX;
    }
  }

  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      configured = 8; // race @1
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    int max = Limits.max();
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("max " + (max == 8 || max == 16));
  }
}
