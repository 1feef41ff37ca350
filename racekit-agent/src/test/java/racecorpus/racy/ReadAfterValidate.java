// EXPECT-RACE: ReadAfterValidate.java:37 ReadAfterValidate.java:29 | field racecorpus.racy.ReadAfterValidate$Point.y
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.concurrent.locks.StampedLock;

/**
 * StampedLock's optimistic read gone wrong: the worker reads y after validate, outside the section validate closed,
 * while main, holding the write lock, has just written it. Only the reads between tryOptimisticRead and validate are
 * speculative; this one is a plain read, and races.
 */
public final class ReadAfterValidate {
  static final class Point {
    final StampedLock lock = new StampedLock();
    double x;
    double y;
  }

  public static void main(String[] args) throws InterruptedException {
    Point p = new Point();
    InvisibleRendezvous written = new InvisibleRendezvous(2);
    InvisibleRendezvous read = new InvisibleRendezvous(2);
    double[] seen = new double[1];
    Thread worker = new Thread(() -> {
      written.arriveAndAwait(1);
      long stamp = p.lock.tryOptimisticRead();
      double cx = p.x;
      boolean valid = p.lock.validate(stamp);
      double cy = p.y; // race @2
      read.arriveAndAwait(1);
      seen[0] = valid ? Math.hypot(cx, cy) : -1;
    }, "worker-1");
    worker.start();
    long stamp = p.lock.writeLock();
    try {
      p.x = 3;
      p.y = 4; // race @1
      written.arriveAndAwait(0);
      read.arriveAndAwait(0);
    } finally {
      p.lock.unlockWrite(stamp);
    }
    worker.join();
    System.out.println("seen=" + seen[0]);
  }
}
