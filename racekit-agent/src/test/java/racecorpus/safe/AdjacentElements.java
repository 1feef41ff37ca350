// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;

/** Twin of racy.SameByteElement: two threads write neighbouring bytes, different memory, no synchronization needed. */
public final class AdjacentElements {
  public static void main(String[] args) throws InterruptedException {
    byte[] bytes = new byte[8];
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      bytes[1] = 1;
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    bytes[2] = 2;
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("bytes=" + bytes[1] + "," + bytes[2]);
  }
}
