// EXPECT: no race
package racecorpus.safe;

import java.util.concurrent.CyclicBarrier;

/** Twin of racy.WriteBeforeBarrier: each party writes its own slot, then after the barrier reads the other's. */
public final class CyclicBarrierPhases {
  public static void main(String[] args) throws Exception {
    int[] slots = new int[2];
    int[] seen = new int[2];
    CyclicBarrier barrier = new CyclicBarrier(2);
    Thread worker = new Thread(() -> {
      try {
        slots[1] = 11;
        barrier.await();
        seen[1] = slots[0];
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "worker-1");
    worker.start();
    slots[0] = 10;
    barrier.await();
    seen[0] = slots[1];
    worker.join();
    System.out.println("seen=" + seen[0] + "," + seen[1]);
  }
}
