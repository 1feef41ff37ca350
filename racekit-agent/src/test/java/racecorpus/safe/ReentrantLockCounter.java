// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.concurrent.locks.ReentrantLock;

/** Twin of racy.WrongLock: both threads take the same ReentrantLock. */
public final class ReentrantLockCounter {
  private final ReentrantLock lock = new ReentrantLock();
  private int total;

  void add(int n) {
    lock.lock();
    try {
      total += n;
    } finally {
      lock.unlock();
    }
  }

  public static void main(String[] args) throws InterruptedException {
    ReentrantLockCounter w = new ReentrantLockCounter();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      w.add(1);
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    w.add(2);
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("total=" + w.total);
  }
}
