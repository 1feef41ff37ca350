// EXPECT-RACE: SemaphoreTwoPermits.java:15 SemaphoreTwoPermits.java:15 | field racecorpus.racy.SemaphoreTwoPermits.used
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.concurrent.Semaphore;

/** A semaphore with two permits lets both threads in at once. */
public final class SemaphoreTwoPermits {
  private final Semaphore permits = new Semaphore(2);
  private int used;

  void use(InvisibleRendezvous meet, int party) throws InterruptedException {
    permits.acquire();
    try {
      used++; // race @1
      meet.arriveAndAwait(party);
    } finally {
      permits.release();
    }
  }

  public static void main(String[] args) throws InterruptedException {
    SemaphoreTwoPermits s = new SemaphoreTwoPermits();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      try {
        s.use(meet, 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "worker-1");
    worker.start();
    s.use(meet, 0);
    worker.join();
    System.out.println("used=" + s.used);
  }
}
