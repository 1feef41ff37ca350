// EXPECT-RACE: Counter.java:11 Counter.java:11 | field racecorpus.racy.Counter.count
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** Two threads increment an instance field with no synchronization. */
public final class Counter {
  private int count;

  void increment() {
    count++; // race @1
  }

  public static void main(String[] args) throws InterruptedException {
    Counter c = new Counter();
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
