// EXPECT-RACE: WriteAfterFencedPublication.java:34 WriteAfterFencedPublication.java:39 | array element [0] of long[]
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.lang.invoke.VarHandle;

/**
 * Twin of safe.FencedSequencePublication with the slot written after the sequence is published: the release fence
 * orders only what came before it.
 */
public final class WriteAfterFencedPublication {
  private long sequence = -1;
  private final long[] slots = new long[4];

  long get() {
    long value = this.sequence;
    VarHandle.acquireFence();
    return value;
  }

  void set(long value) {
    VarHandle.releaseFence();
    this.sequence = value;
  }

  public static void main(String[] args) throws InterruptedException {
    WriteAfterFencedPublication ring = new WriteAfterFencedPublication();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    long[] seen = new long[1];
    Thread reader = new Thread(() -> {
      while (ring.get() < 0) {
        Thread.onSpinWait();
      }
      seen[0] = ring.slots[0]; // race @1
      meet.arriveAndAwait(1);
    }, "reader");
    reader.start();
    ring.set(0);
    ring.slots[0] = 10; // race @2
    meet.arriveAndAwait(0);
    reader.join();
    System.out.println("seen=" + seen[0]);
  }
}
