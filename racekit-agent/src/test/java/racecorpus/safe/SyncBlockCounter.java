// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;

/** Twin of racy.Counter: the increment is inside a synchronized block. */
public final class SyncBlockCounter {
  private final Object lock = new Object();
  private int count;

  void increment() {
    synchronized (lock) {
      count++;
    }
  }

  public static void main(String[] args) throws InterruptedException {
    SyncBlockCounter c = new SyncBlockCounter();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      c.increment();
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    c.increment();
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("count=" + c.count);
  }
}
