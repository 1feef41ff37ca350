// EXPECT-RACE: WriteBeforeBarrier.java:16 WriteBeforeBarrier.java:21 | field racecorpus.racy.WriteBeforeBarrier.winner
package racecorpus.racy;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * Both parties write before the barrier: a barrier orders what comes before it with what comes after it, not two
 * writes that both come before it. No rendezvous is needed: each write precedes its thread's await.
 */
public final class WriteBeforeBarrier {
  private final CyclicBarrier barrier = new CyclicBarrier(2);
  private String winner;

  void workerSide() throws InterruptedException, BrokenBarrierException {
    winner = "worker"; // race @1
    barrier.await();
  }

  void mainSide() throws InterruptedException, BrokenBarrierException {
    winner = "main"; // race @2
    barrier.await();
  }

  public static void main(String[] args) throws Exception {
    WriteBeforeBarrier w = new WriteBeforeBarrier();
    Thread worker = new Thread(() -> {
      try {
        w.workerSide();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "worker-1");
    worker.start();
    w.mainSide();
    worker.join();
    System.out.println("winner set " + (w.winner != null));
  }
}
