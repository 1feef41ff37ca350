// EXPECT-RACE: WriteAfterInterruptSleep.java:25 WriteAfterInterruptSleep.java:30 | field racecorpus.racy.WriteAfterInterruptSleep.data
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/**
 * Twin of safe.InterruptSleepHandoff with the write moved after the interrupt: the sleeper's read follows the
 * interrupt, not the write.
 */
public final class WriteAfterInterruptSleep {
  private int data;

  public static void main(String[] args) throws InterruptedException {
    WriteAfterInterruptSleep box = new WriteAfterInterruptSleep();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    int[] seen = new int[1];
    Thread sleeper = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(60_000); // ended only by the interrupt
        }
      } catch (InterruptedException e) {
        // interrupted: fall through to the read
      }
      seen[0] = box.data; // race @1
      meet.arriveAndAwait(1);
    }, "sleeper");
    sleeper.start();
    sleeper.interrupt();
    box.data = 42; // race @2
    meet.arriveAndAwait(0);
    sleeper.join();
    System.out.println("seen=" + seen[0]);
  }
}
