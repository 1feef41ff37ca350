// EXPECT-RACE: SameByteElement.java:12 SameByteElement.java:16 | array element [1] of byte[]
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** Two threads write the same byte of a byte array (the race-free twin writes neighbouring bytes). */
public final class SameByteElement {
  public static void main(String[] args) throws InterruptedException {
    byte[] bytes = new byte[8];
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      bytes[1] = 1; // race @1
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    bytes[1] = 2; // race @2
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("byte1=" + bytes[1]);
  }
}
