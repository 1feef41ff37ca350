// EXPECT-RACE: LatchCountedTooEarly.java:17 LatchCountedTooEarly.java:22 | field racecorpus.racy.LatchCountedTooEarly.value
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.concurrent.CountDownLatch;

/** The worker counts down before it writes: await orders nothing after the count-down. */
public final class LatchCountedTooEarly {
  private int value;

  public static void main(String[] args) throws InterruptedException {
    LatchCountedTooEarly l = new LatchCountedTooEarly();
    CountDownLatch ready = new CountDownLatch(1);
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      ready.countDown();
      l.value = 7; // race @1
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    ready.await();
    int seen = l.value; // race @2
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("seen " + (seen == 0 || seen == 7));
  }
}
