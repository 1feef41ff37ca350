// EXPECT-RACE: StaticCounter.java:11 StaticCounter.java:15 | static field racecorpus.racy.StaticCounter.hits
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** A static field updated from a worker and from main with no synchronization. */
public final class StaticCounter {
  static int hits;

  static void hitFromWorker() {
    hits += 1; // race @1
  }

  static void hitFromMain() {
    hits += 10; // race @2
  }

  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      hitFromWorker();
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    hitFromMain();
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("hits=" + hits);
  }
}
