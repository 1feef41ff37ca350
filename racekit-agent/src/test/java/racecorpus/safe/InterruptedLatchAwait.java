// EXPECT: no race
package racecorpus.safe;

import java.util.concurrent.CountDownLatch;

/**
 * A thread blocked in {@code CountDownLatch.await()} on a latch nobody counts down is interrupted: the latch finds
 * the interrupt with {@code Thread.interrupted()} and throws, and the interrupt orders the interrupter's write before
 * the read in the handler. The latch itself gives no edge: main never touches it.
 */
public final class InterruptedLatchAwait {
  private int data;

  public static void main(String[] args) throws InterruptedException {
    InterruptedLatchAwait box = new InterruptedLatchAwait();
    CountDownLatch never = new CountDownLatch(1);
    int[] seen = new int[1];
    Thread waiter = new Thread(() -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        seen[0] = box.data;
      }
    }, "waiter");
    waiter.start();
    box.data = 42;
    waiter.interrupt();
    waiter.join();
    System.out.println("seen=" + seen[0]);
  }
}
