// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.concurrent.Semaphore;

/** Twin of racy.SemaphoreTwoPermits: one permit, a mutex. */
public final class SemaphoreMutex {
  private final Semaphore permit = new Semaphore(1);
  private int used;

  void use() throws InterruptedException {
    permit.acquire();
    try {
      used++;
    } finally {
      permit.release();
    }
  }

  public static void main(String[] args) throws InterruptedException {
    SemaphoreMutex s = new SemaphoreMutex();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      try {
        s.use();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    s.use();
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("used=" + s.used);
  }
}
