// EXPECT-RACE: StaticLongArray.java:13 StaticLongArray.java:17 | array element [2] of long[]
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** An element of a long array reachable from a static field, added to by two threads. */
public final class StaticLongArray {
  static final long[] TOTALS = new long[4];

  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      TOTALS[2] += 5; // race @1
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    long seen = TOTALS[2]; // race @2
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("seen " + (seen == 0 || seen == 5));
  }
}
