// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** Twin of racy.WriteUnderReadLock: writes under the write lock, reads under the read lock. */
public final class ReadWriteLockCache {
  private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
  private int version;

  void bump() {
    rw.writeLock().lock();
    try {
      version++;
    } finally {
      rw.writeLock().unlock();
    }
  }

  int read() {
    rw.readLock().lock();
    try {
      return version;
    } finally {
      rw.readLock().unlock();
    }
  }

  public static void main(String[] args) throws InterruptedException {
    ReadWriteLockCache w = new ReadWriteLockCache();
    InvisibleRendezvous meet = new InvisibleRendezvous(3);
    int[] seen = new int[1];
    Thread writer = new Thread(() -> {
      w.bump();
      meet.arriveAndAwait(1);
    }, "writer");
    Thread reader = new Thread(() -> {
      seen[0] = w.read();
      meet.arriveAndAwait(2);
    }, "reader");
    writer.start();
    reader.start();
    w.bump();
    meet.arriveAndAwait(0);
    writer.join();
    reader.join();
    System.out.println("version=" + w.read() + " seen " + (seen[0] >= 0));
  }
}
