// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.concurrent.locks.StampedLock;

/**
 * Twin of racy.ReadAfterValidate, after StampedLock's own example: the worker reads a point optimistically while main
 * holds the write lock and has just moved it (the rendezvous, invisible to the detector, makes sure of that), its
 * validate fails, and it reads again under the read lock. The optimistic reads raced with main's writes and were
 * thrown away: nothing to report.
 */
public final class StampedLockOptimisticRead {
  static final class Point {
    final StampedLock lock = new StampedLock();
    double x;
    double y;

    double distanceFromOrigin(InvisibleRendezvous written, InvisibleRendezvous read) {
      written.arriveAndAwait(1);
      long stamp = lock.tryOptimisticRead();
      double cx = x;
      double cy = y;
      read.arriveAndAwait(1);
      if (!lock.validate(stamp)) {
        stamp = lock.readLock();
        try {
          cx = x;
          cy = y;
        } finally {
          lock.unlockRead(stamp);
        }
      }
      return Math.hypot(cx, cy);
    }
  }

  public static void main(String[] args) throws InterruptedException {
    Point p = new Point();
    InvisibleRendezvous written = new InvisibleRendezvous(2);
    InvisibleRendezvous read = new InvisibleRendezvous(2);
    double[] seen = new double[1];
    Thread worker = new Thread(() -> seen[0] = p.distanceFromOrigin(written, read), "worker-1");
    worker.start();
    long stamp = p.lock.writeLock();
    try {
      p.x = 3;
      p.y = 4;
      written.arriveAndAwait(0);
      read.arriveAndAwait(0);
    } finally {
      p.lock.unlockWrite(stamp);
    }
    worker.join();
    System.out.println("distance=" + seen[0]);
  }
}
