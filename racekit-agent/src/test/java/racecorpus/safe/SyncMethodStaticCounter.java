// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;

/** Twin of racy.StaticCounter: static synchronized methods (the class object's monitor). */
public final class SyncMethodStaticCounter {
  static int hits;

  static synchronized void hitFromWorker() {
    hits += 1;
  }

  static synchronized void hitFromMain() {
    hits += 10;
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
