// EXPECT: no race
package racecorpus.safe;

/**
 * Twin of racy.WriteAfterInterrupt: {@code Object.wait} ends with an {@code InterruptedException}, and the monitor
 * the JVM takes back before throwing it orders the interrupter's write before the waiter's read.
 */
public final class WaitInterrupted {
  private final Object lock = new Object();
  private int data;

  public static void main(String[] args) throws InterruptedException {
    WaitInterrupted box = new WaitInterrupted();
    int[] seen = new int[1];
    Thread waiter = new Thread(() -> {
      synchronized (box.lock) {
        try {
          while (true) {
            box.lock.wait(); // woken only by the interrupt (a spurious wake-up waits again)
          }
        } catch (InterruptedException e) {
          seen[0] = box.data;
        }
      }
    }, "waiter");
    waiter.start();
    while (waiter.getState() != Thread.State.WAITING) {
      Thread.onSpinWait();
    }
    synchronized (box.lock) {
      box.data = 42;
      waiter.interrupt();
    }
    waiter.join();
    System.out.println("seen=" + seen[0]);
  }
}
