// EXPECT-RACE: LastElement.java:12 LastElement.java:16 | array element [6] of char[]
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** Two threads write the last element of an array whose elements end inside its block: still tracked. */
public final class LastElement {
  public static void main(String[] args) throws InterruptedException {
    char[] name = new char[7];
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      name[6] = 'w'; // race @1
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    name[6] = 'm'; // race @2
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("last=" + name[6]);
  }
}
