// EXPECT-RACE: WriteAfterInterruptFlag.java:21 WriteAfterInterruptFlag.java:26 | field racecorpus.racy.WriteAfterInterruptFlag.data
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/**
 * The worker reads once it sees itself interrupted, but the interrupter writes after the interrupt: the interrupt
 * orders only what came before it.
 */
public final class WriteAfterInterruptFlag {
  private int data;

  public static void main(String[] args) throws InterruptedException {
    WriteAfterInterruptFlag box = new WriteAfterInterruptFlag();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    int[] seen = new int[1];
    Thread worker = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.onSpinWait();
      }
      seen[0] = box.data; // race @1
      meet.arriveAndAwait(1);
    }, "worker");
    worker.start();
    worker.interrupt();
    box.data = 42; // race @2
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("seen=" + seen[0]);
  }
}
