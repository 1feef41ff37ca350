// EXPECT: no race
package racecorpus.safe;

/**
 * Twin of racy.WriteAfterInterruptFlag: the write comes before the interrupt, and the worker reads only once
 * {@code isInterrupted()} has returned true, which the interrupt synchronizes-with (JLS 17.4.4).
 */
public final class InterruptFlagPolling {
  private int data;

  public static void main(String[] args) throws InterruptedException {
    InterruptFlagPolling box = new InterruptFlagPolling();
    int[] seen = new int[1];
    Thread worker = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.onSpinWait();
      }
      seen[0] = box.data;
    }, "worker");
    worker.start();
    box.data = 42;
    worker.interrupt();
    worker.join();
    System.out.println("seen=" + seen[0]);
  }
}
