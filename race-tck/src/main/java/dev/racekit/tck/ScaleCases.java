package dev.racekit.tck;

import static dev.racekit.AccessType.READ;
import static dev.racekit.AccessType.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * Scale: threads without limit over a run (slots are recycled, memory stays bounded), and real Java threads feeding
 * their own detector threads at once.
 */
public abstract class ScaleCases extends GoldenTextCases {
  static final int SHORT_LIVED = 100_000;
  static final int JAVA_THREADS = 4;
  static final int EVENTS = 100_000;

  static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  /**
   * 100,000 threads, two at a time: each starts, writes its own word, reads a shared one, ends and is joined. One pair
   * in the middle races; after the loop a new pair still races, with the right ids, and the heap has not grown.
   */
  @Test
  void hundredThousandShortLivedThreads() {
    Scenario s = open("history_size=0"); // the smallest ring: this case is about threads, not history
    RaceThread main = s.main();
    int racyRound = SHORT_LIVED / 5;
    main.write(Z, 8, 0x10);
    long heapBefore = 0;
    for (int round = 0; round < SHORT_LIVED / 2; round++) {
      if (round == 1000) {
        heapBefore = usedHeap();
      }
      RaceThread a = s.start(0x11);
      RaceThread b = s.start(0x12);
      a.funcEnter(0x13);
      a.write(X, 8, 0x14);
      a.read(Z, 8, 0x15);
      a.funcExit();
      b.write(Y, 8, 0x16);
      b.read(Z, 8, 0x15);
      if (round == racyRound) {
        b.read(X, 8, 0x17);
        assertReport(s.onlyReport(), RaceReport.Kind.DATA_RACE,
            access(b, READ, X, 8, 0x17), access(a, WRITE, X, 8, 0x14, 0x13));
        assertEquals(2L * round + 1, a.id());
        assertEquals(2L * round + 2, b.id());
      }
      a.end();
      b.end();
      main.join(a);
      main.join(b);
      main.write(Z, 8, 0x18);
    }
    long growth = usedHeap() - heapBefore;
    assertTrue(growth < 64L << 20, "heap grew by " + (growth >> 20) + " MiB over 99,000 threads");
    assertEquals(1, s.detector().reportCount());
    RaceThread c = s.start(0x20);
    RaceThread d = s.start(0x21);
    assertEquals(SHORT_LIVED + 1, c.id());
    assertEquals(SHORT_LIVED + 2, d.id());
    c.write(X, 8, 0x22);
    d.write(X, 8, 0x23);
    List<RaceReport> reports = s.reports();
    assertEquals(2, reports.size());
    assertReport(reports.get(1), RaceReport.Kind.DATA_RACE, access(d, WRITE, X, 8, 0x23), access(c, WRITE, X, 8, 0x22));
    assertEquals(0, s.detector().unmappedAccessCount());
  }

  @Test
  void manyThreadsAliveAtOnce() {
    Scenario s = open();
    List<RaceThread> alive = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      RaceThread t = s.start(0x10);
      t.read(X, 8, 0x11);
      t.write(BASE + (1L << 20) + 8L * i, 8, 0x12);
      alive.add(t);
    }
    assertNoRace(s);
    RaceThread last = alive.get(alive.size() - 1);
    Access earlier = make(alive.get(0), WRITE, Y, 8, 0x13);
    assertRace(s, make(last, WRITE, Y, 8, 0x14), earlier);
    for (RaceThread t : alive) {
      s.endAndJoin(s.main(), t);
    }
    s.main().write(X, 8, 0x15);
    s.main().writeRange(BASE + (1L << 20), 8 * 1000, 0x16);
    assertEquals(1, s.detector().reportCount());
  }

  /** Runs {@code body(i, thread i)} on {@code n} Java threads at once and fails on any exception. */
  static void runConcurrently(List<RaceThread> threads, Body body) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(threads.size());
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> javaThreads = new ArrayList<>();
    for (int i = 0; i < threads.size(); i++) {
      int index = i;
      Thread jt = new Thread(() -> {
        try {
          barrier.await();
          body.run(index, threads.get(index));
        } catch (Throwable e) {
          failures.add(e);
        }
      }, "tck-feeder-" + i);
      javaThreads.add(jt);
      jt.start();
    }
    for (Thread jt : javaThreads) {
      jt.join(60_000);
      assertFalse(jt.isAlive(), jt.getName() + " did not finish");
    }
    if (!failures.isEmpty()) {
      AssertionError e = new AssertionError("feeder threads failed: " + failures);
      failures.forEach(e::addSuppressed);
      throw e;
    }
  }

  @FunctionalInterface
  interface Body {
    void run(int index, RaceThread t) throws Exception;
  }

  static List<RaceThread> startFeeders(Scenario s) {
    List<RaceThread> ts = new ArrayList<>();
    for (int i = 0; i < JAVA_THREADS; i++) {
      ts.add(s.start(0x100 + i));
    }
    return ts;
  }

  static long ownWord(int thread, int i) {
    return BASE + (2L << 20) + (long) thread * (1 << 20) + 8L * (i % 4096);
  }

  /** Four Java threads write their own words, and every 1000th event a shared word, with no synchronization. */
  @Test
  void concurrentFeedersRacingOnSharedWords() throws Exception {
    Scenario s = open();
    List<RaceThread> ts = startFeeders(s);
    runConcurrently(ts, (index, t) -> {
      for (int i = 0; i < EVENTS; i++) {
        if (i % 1000 == 0) {
          t.funcEnter(0x200);
          t.write(X + 8L * ((i / 1000) % 4), 8, 0x210);
          t.funcExit();
        } else {
          t.write(ownWord(index, i), 8, 0x220);
        }
      }
    });
    List<RaceReport> reports = s.reports();
    assertFalse(reports.isEmpty(), "no race found between four unsynchronized writers");
    assertEquals(reports.size(), s.detector().reportCount());
    Set<Long> ids = Set.of(ts.get(0).id(), ts.get(1).id(), ts.get(2).id(), ts.get(3).id());
    for (RaceReport r : reports) {
      assertEquals(RaceReport.Kind.DATA_RACE, r.kind());
      assertTrue(ids.contains(r.current().threadId()), r.toString());
      assertTrue(r.previous().threadId() != r.current().threadId(), r.toString());
      assertEquals(WRITE, r.current().type());
      assertEquals(WRITE, r.previous().type());
      assertEquals(0x210, r.current().pc());
      assertTrue(r.current().address() >= X && r.current().address() < X + 32, r.toString());
    }
  }

  /** The same writers, each shared write under a real Java lock modelled with acquire/release: no race. */
  @Test
  void concurrentFeedersUnderALockDoNotRace() throws Exception {
    Scenario s = open();
    List<RaceThread> ts = startFeeders(s);
    Object lock = new Object();
    runConcurrently(ts, (index, t) -> {
      for (int i = 0; i < EVENTS; i += 4) {
        synchronized (lock) {
          t.acquire(L1);
          t.read(X, 8, 0x210);
          t.write(X, 8, 0x211);
          t.release(L1);
        }
        t.write(ownWord(index, i), 8, 0x220);
      }
    });
    assertNoRace(s);
    for (RaceThread t : ts) {
      s.endAndJoin(s.main(), t);
    }
    s.main().write(X, 8, 0x230);
    assertNoRace(s);
  }

  /** Four Java threads on disjoint words, with function entries, ranges and atomics: no race, no exception. */
  @Test
  void concurrentFeedersOnDisjointMemoryDoNotRace() throws Exception {
    Scenario s = open();
    s.main().write(Y, 8, 0x10);
    List<RaceThread> ts = startFeeders(s);
    runConcurrently(ts, (index, t) -> {
      for (int i = 0; i < EVENTS / 5; i++) {
        t.funcEnter(0x300 + index);
        t.write(ownWord(index, i), 8, 0x310);
        t.atomicWrite(X + 8L * index, 8, 0x320);
        t.readRange(ownWord(index, 0), 64, 0x330);
        t.read(Y, 8, 0x340);
        t.funcExit();
      }
    });
    assertNoRace(s);
  }
}
