// EXPECT-RACE: VolatileArrayReference.java:14 VolatileArrayReference.java:18 | array element [3] of int[]
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** A volatile array reference does not make its elements volatile. */
public final class VolatileArrayReference {
  private volatile int[] cells = new int[4];

  public static void main(String[] args) throws InterruptedException {
    VolatileArrayReference v = new VolatileArrayReference();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      v.cells[3] = 7; // race @1
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    v.cells[3] = 9; // race @2
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("cell3=" + v.cells[3]);
  }
}
