// EXPECT-RACE: LongField.java:14 LongField.java:18 | field racecorpus.racy.LongField.stamp
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** A long field (8 bytes, possibly torn) written by one thread and read by another. */
public final class LongField {
  private long stamp;

  public static void main(String[] args) throws InterruptedException {
    LongField f = new LongField();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      f.stamp = 1L << 40; // race @1
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    long seen = f.stamp; // race @2
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("seen " + (seen == 0 || seen == 1L << 40));
  }
}
