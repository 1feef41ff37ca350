// EXPECT-RACE: WriteAfterInterrupt.java:28 WriteAfterInterrupt.java:38 | field racecorpus.racy.WriteAfterInterrupt.data
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/**
 * The interrupter writes after it has released the monitor, so the waiter's re-acquire (when its {@code Object.wait}
 * ends with an {@code InterruptedException}) does not order the write before the waiter's read.
 */
public final class WriteAfterInterrupt {
  private final Object lock = new Object();
  private int data;

  public static void main(String[] args) throws InterruptedException {
    WriteAfterInterrupt box = new WriteAfterInterrupt();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    int[] seen = new int[1];
    Thread waiter = new Thread(() -> {
      synchronized (box.lock) {
        try {
          while (true) {
            box.lock.wait(); // woken only by the interrupt (a spurious wake-up waits again)
          }
        } catch (InterruptedException e) {
          // interrupted: fall through to the read
        }
      }
      seen[0] = box.data; // race @1
      meet.arriveAndAwait(1);
    }, "waiter");
    waiter.start();
    while (waiter.getState() != Thread.State.WAITING) {
      Thread.onSpinWait();
    }
    synchronized (box.lock) {
      waiter.interrupt();
    }
    box.data = 42; // race @2
    meet.arriveAndAwait(0);
    waiter.join();
    System.out.println("seen=" + seen[0]);
  }
}
