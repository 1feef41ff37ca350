// EXPECT-RACE: ArrayElement.java:12 ArrayElement.java:16 | array element [5] of int[]
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** Two threads write the same element of an int array. */
public final class ArrayElement {
  public static void main(String[] args) throws InterruptedException {
    int[] slots = new int[8];
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      slots[5] = 1; // race @1
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    slots[5] = 2; // race @2
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("slot5=" + slots[5]);
  }
}
