// EXPECT-RACE: WriteUnderReadLock.java:15 WriteUnderReadLock.java:15 | field racecorpus.racy.WriteUnderReadLock.version
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** Two threads hold the read lock (shared) and write: a read lock does not exclude other readers. */
public final class WriteUnderReadLock {
  private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
  private int version;

  void bump(InvisibleRendezvous meet, int party) {
    rw.readLock().lock();
    try {
      version++; // race @1
      meet.arriveAndAwait(party);
    } finally {
      rw.readLock().unlock();
    }
  }

  public static void main(String[] args) throws InterruptedException {
    WriteUnderReadLock w = new WriteUnderReadLock();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> w.bump(meet, 1), "worker-1");
    worker.start();
    w.bump(meet, 0);
    worker.join();
    System.out.println("version=" + w.version);
  }
}
