package dev.racekit.tck;

import static dev.racekit.AccessType.READ;
import static dev.racekit.AccessType.WRITE;

import dev.racekit.RaceThread;
import org.junit.jupiter.api.Test;

/**
 * Synchronization through sync objects: locks ({@code release}/{@code acquire}), chains of them across threads,
 * read locks ({@code releaseMerge}), and the difference between a release that overwrites and one that merges.
 */
public abstract class SyncCases extends ThreadOrderCases {

  @Test
  void releaseThenAcquireOrders() {
    withTwoChildren(0x21, 0x22, (s, a, b) -> {
      a.acquire(L1);
      a.write(X, 8, 0x23);
      a.release(L1);
      b.acquire(L1);
      b.write(X, 8, 0x24);
      b.release(L1);
      assertNoRace(s);
    });
  }

  @Test
  void withoutTheAcquireTheLockedWriteRaces() {
    withTwoChildren(0x21, 0x22, (s, a, b) -> {
      a.acquire(L1);
      Access earlier = make(a, WRITE, X, 8, 0x23);
      a.release(L1);
      assertRace(s, make(b, WRITE, X, 8, 0x24), earlier);
    });
  }

  @Test
  void acquireOfAnotherSyncObjectDoesNotOrder() {
    withTwoChildren(0x21, 0x22, (s, a, b) -> {
      Access earlier = make(a, WRITE, X, 8, 0x23);
      a.release(L1);
      b.acquire(L2);
      assertRace(s, make(b, WRITE, X, 8, 0x24), earlier);
    });
  }

  @Test
  void acquireOfANeverReleasedSyncObjectDoesNotOrder() {
    withTwoChildren(0x21, 0x22, (s, a, b) -> {
      Access earlier = make(a, WRITE, X, 8, 0x23);
      b.acquire(L3);
      assertRace(s, make(b, READ, X, 8, 0x24), earlier);
    });
  }

  @Test
  void accessAfterTheReleaseIsNotCoveredByIt() {
    withTwoChildren(0x21, 0x22, (s, a, b) -> {
      a.write(X, 8, 0x23);
      a.release(L1);
      Access earlier = make(a, WRITE, Y, 8, 0x25);
      b.acquire(L1);
      b.write(X, 8, 0x24);
      assertRace(s, make(b, WRITE, Y, 8, 0x26), earlier);
    });
  }

  @Test
  void acquireBeforeTheReleaseDoesNotOrder() {
    withTwoChildren(0x21, 0x22, (s, a, b) -> {
      b.acquire(L1);
      Access earlier = make(a, WRITE, X, 8, 0x23);
      a.release(L1);
      assertRace(s, make(b, WRITE, X, 8, 0x24), earlier);
    });
  }

  @Test
  void releaseByChildAcquiredByParentOrdersWithoutJoin() {
    withChild(0x21, (s, t) -> {
      t.write(X, 8, 0x22);
      t.release(L1);
      s.main().acquire(L1);
      s.main().write(X, 8, 0x23);
      assertNoRace(s);
    });
  }

  @Test
  void mutexPassedAroundThreeThreads() {
    Scenario s = open();
    RaceThread[] ts = {s.start(0x21), s.start(0x22), s.start(0x23)};
    for (int round = 0; round < 3; round++) {
      for (RaceThread t : ts) {
        t.acquire(L1);
        t.read(X, 8, 0x30);
        t.write(X, 8, 0x31);
        t.release(L1);
      }
    }
    s.main().acquire(L1);
    s.main().write(X, 8, 0x32);
    assertNoRace(s);
  }

  @Test
  void releaseAcquireChainAcrossFourThreadsOrders() {
    Scenario s = open();
    RaceThread a = s.start(0x21);
    RaceThread b = s.start(0x22);
    RaceThread c = s.start(0x23);
    RaceThread d = s.start(0x24);
    a.write(X, 8, 0x25);
    a.release(L1);
    b.acquire(L1);
    b.release(L2);
    c.acquire(L2);
    c.release(L3);
    d.acquire(L3);
    d.write(X, 8, 0x26);
    assertNoRace(s);
  }

  @Test
  void chainBrokenInTheMiddleRaces() {
    Scenario s = open();
    RaceThread a = s.start(0x21);
    RaceThread b = s.start(0x22);
    RaceThread c = s.start(0x23);
    RaceThread d = s.start(0x24);
    Access earlier = make(a, WRITE, X, 8, 0x25);
    a.release(L1);
    b.release(L2); // b releases before it acquires what a released
    b.acquire(L1);
    c.acquire(L2);
    c.release(L3);
    d.acquire(L3);
    assertRace(s, make(d, WRITE, X, 8, 0x26), earlier);
  }

  /** Two readers hold a read lock at once; the writer locks after both read-unlocks (releaseMerge). */
  @Test
  void readUnlocksMergeSoTheWriterIsOrderedAfterBothReaders() {
    withThreeChildren(0x21, 0x22, 0x23, (s, r1, r2, w) -> {
      r1.acquire(L1);
      r2.acquire(L1);
      r1.read(X, 8, 0x24);
      r2.read(X, 8, 0x25);
      r1.releaseMerge(L1);
      r2.releaseMerge(L1);
      w.acquire(L1);
      w.write(X, 8, 0x26);
      w.release(L1);
      assertNoRace(s);
    });
  }

  /** The same with plain releases: the second read-unlock overwrites the first, so the first reader races. */
  @Test
  void readUnlocksThatOverwriteLoseTheFirstReader() {
    withThreeChildren(0x21, 0x22, 0x23, (s, r1, r2, w) -> {
      r1.acquire(L1);
      r2.acquire(L1);
      Access earlier = make(r1, READ, X, 8, 0x24);
      r2.read(X, 8, 0x25);
      r1.release(L1);
      r2.release(L1);
      w.acquire(L1);
      assertRace(s, make(w, WRITE, X, 8, 0x26), earlier);
    });
  }

  @Test
  void releaseStoreReplacesWhatTheSyncObjectHeld() {
    withThreeChildren(0x21, 0x22, 0x23, (s, a, b, c) -> {
      Access earlier = make(a, WRITE, X, 8, 0x24);
      a.release(L1);
      b.write(Y, 8, 0x25);
      b.release(L1); // b never acquired L1: a's release is gone
      c.acquire(L1);
      c.write(Y, 8, 0x26);
      assertRace(s, make(c, WRITE, X, 8, 0x27), earlier);
    });
  }

  @Test
  void releaseMergeKeepsWhatTheSyncObjectHeld() {
    withThreeChildren(0x21, 0x22, 0x23, (s, a, b, c) -> {
      a.write(X, 8, 0x24);
      a.release(L1);
      b.write(Y, 8, 0x25);
      b.releaseMerge(L1);
      c.acquire(L1);
      c.write(Y, 8, 0x26);
      c.write(X, 8, 0x27);
      assertNoRace(s);
    });
  }

  /** A volatile-style publication: a plain write, then an atomic flag write with release; the reader acquires. */
  @Test
  void publicationThroughAnAtomicFlagWithAcquireOrders() {
    withTwoChildren(0x21, 0x22, (s, producer, consumer) -> {
      producer.write(X, 8, 0x23);
      producer.atomicWrite(Y, 8, 0x24);
      producer.release(Y);
      consumer.atomicRead(Y, 8, 0x25);
      consumer.acquire(Y);
      consumer.read(X, 8, 0x26);
      assertNoRace(s);
    });
  }

  /** Atomics alone do not synchronize: without acquire/release the plain data races (the flag does not). */
  @Test
  void publicationThroughAnAtomicFlagWithoutSyncRacesOnTheData() {
    withTwoChildren(0x21, 0x22, (s, producer, consumer) -> {
      Access earlier = make(producer, WRITE, X, 8, 0x23);
      producer.atomicWrite(Y, 8, 0x24);
      consumer.atomicRead(Y, 8, 0x25);
      consumer.atomicWrite(Y, 8, 0x27);
      assertRace(s, make(consumer, READ, X, 8, 0x26), earlier);
    });
  }

  @Test
  void secondReleaseOfTheSameThreadStillCoversItsEarlierWrites() {
    withTwoChildren(0x21, 0x22, (s, a, b) -> {
      a.write(X, 8, 0x23);
      a.release(L1);
      a.write(Z, 8, 0x24);
      a.release(L1); // overwrites with a later clock of the same thread, which still covers the first write
      b.acquire(L1);
      b.write(X, 8, 0x25);
      b.write(Z, 8, 0x26);
      assertNoRace(s);
      Access earlier = make(b, WRITE, Y, 4, 0x27);
      a.write(Y, 4, 0x28); // the acquire ordered a before b, not b before a
      assertRace(s, access(a, WRITE, Y, 4, 0x28), earlier);
    });
  }
}
