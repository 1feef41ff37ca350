// EXPECT-RACE: WrongLock.java:14 WrongLock.java:20 | field racecorpus.racy.WrongLock.total
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** Each thread holds a lock, but not the same one. */
public final class WrongLock {
  private final Object lockA = new Object();
  private final Object lockB = new Object();
  private int total;

  void addUnderA(int n) {
    synchronized (lockA) {
      total += n; // race @1
    }
  }

  void addUnderB(int n) {
    synchronized (lockB) {
      total += n; // race @2
    }
  }

  public static void main(String[] args) throws InterruptedException {
    WrongLock w = new WrongLock();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      w.addUnderA(1);
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    w.addUnderB(2);
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("total=" + w.total);
  }
}
