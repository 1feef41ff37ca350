// EXPECT: no race
package racecorpus.safe;

import java.util.concurrent.atomic.AtomicInteger;

/** Plain data published by an AtomicInteger's set and observed by its get. */
public final class AtomicIntegerPublication {
  private final long[] results = new long[3];
  private final AtomicInteger stage = new AtomicInteger();

  public static void main(String[] args) throws InterruptedException {
    AtomicIntegerPublication p = new AtomicIntegerPublication();
    Thread worker = new Thread(() -> {
      p.results[0] = 1;
      p.results[1] = 2;
      p.stage.set(1);
      while (p.stage.get() != 2) {
        Thread.onSpinWait();
      }
      p.results[2] = p.results[0] + p.results[1];
      p.stage.incrementAndGet();
    }, "worker-1");
    worker.start();
    while (p.stage.get() != 1) {
      Thread.onSpinWait();
    }
    p.results[0] = 10;
    p.stage.compareAndSet(1, 2);
    while (p.stage.get() != 3) {
      Thread.onSpinWait();
    }
    System.out.println("result=" + p.results[2]);
    worker.join();
  }
}
