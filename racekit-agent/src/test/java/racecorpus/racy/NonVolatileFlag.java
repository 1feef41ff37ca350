// EXPECT-RACE: NonVolatileFlag.java:16 NonVolatileFlag.java:23 | field racecorpus.racy.NonVolatileFlag.data
// EXPECT-RACE: NonVolatileFlag.java:17 NonVolatileFlag.java:23 | field racecorpus.racy.NonVolatileFlag.ready
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** Publication through a plain boolean flag: neither the flag nor the data it guards is ordered. */
public final class NonVolatileFlag {
  private int data;
  private boolean ready;

  public static void main(String[] args) throws InterruptedException {
    NonVolatileFlag box = new NonVolatileFlag();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread writer = new Thread(() -> {
      box.data = 42; // race @1
      box.ready = true; // race @2
      meet.arriveAndAwait(1);
    }, "writer");
    writer.start();
    meet.arriveAndAwait(0);
    // The writer is done in real time, but nothing the detector sees orders its writes before these reads.
    int seen = box.ready ? box.data : -1; // race @3 @4
    writer.join();
    System.out.println("seen=" + seen);
  }
}
