// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;

/** A synchronized method left by an exception releases its monitor all the same: the next caller is ordered. */
public final class SyncMethodThrows {
  private int attempts;

  synchronized void attempt() {
    attempts++;
    throw new IllegalStateException("refused");
  }

  static void tryOnce(SyncMethodThrows s) {
    try {
      s.attempt();
    } catch (IllegalStateException expected) {
      // refused, as always
    }
  }

  public static void main(String[] args) throws InterruptedException {
    SyncMethodThrows s = new SyncMethodThrows();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      tryOnce(s);
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    tryOnce(s);
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("attempts=" + s.attempts);
  }
}
