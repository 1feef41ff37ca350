// EXPECT: no race
package racecorpus.safe;

import java.util.concurrent.CountDownLatch;

/** Twin of racy.LatchCountedTooEarly: the worker writes, then counts down; main awaits, then reads. */
public final class CountDownLatchPublication {
  private int value;

  public static void main(String[] args) throws InterruptedException {
    CountDownLatchPublication l = new CountDownLatchPublication();
    CountDownLatch ready = new CountDownLatch(1);
    Thread worker = new Thread(() -> {
      l.value = 7;
      ready.countDown();
    }, "worker-1");
    worker.start();
    ready.await();
    System.out.println("seen=" + l.value);
    worker.join();
  }
}
