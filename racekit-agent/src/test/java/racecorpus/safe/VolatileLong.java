// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;

/** Twin of racy.LongField: the long field is volatile (atomic, and a synchronization access). */
public final class VolatileLong {
  private volatile long stamp;

  public static void main(String[] args) throws InterruptedException {
    VolatileLong f = new VolatileLong();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      f.stamp = 1L << 40;
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    long seen = f.stamp;
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("seen " + (seen == 0 || seen == 1L << 40));
  }
}
