package dev.racekit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import dev.racekit.core.RaceKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * Four Java threads drive one detector at once, round after round, for about three seconds: race-free rounds
 * (private memory, a lock-protected counter, atomics, malloc/free of private blocks) must report nothing, racy rounds
 * (unsynchronized writes to shared words) must report, nothing may crash, and memory must stay flat: the Java heap
 * and the process's resident set (which holds a native backend's shadow) do not grow from round to round. A backend
 * module extends this class in its tests.
 */
public abstract class StressSuite {
  private static final int THREADS = 4;
  private static final long BASE = 0x1000_0000L;
  private static final long SIZE = 1 << 20;
  private static final long SHARED = BASE;               // 64 shared words
  private static final long LOCKED = BASE + 0x1000;      // the lock-protected counter
  private static final long ATOMIC = BASE + 0x1008;      // an atomic counter
  private static final long PRIVATE = BASE + 0x10000;    // 64 KiB per thread
  private static final long LOCK = 0xdead_0000L;

  /** The backend under test. */
  protected abstract String backendName();

  private static final class Counting {
    final AtomicLong count = new AtomicLong();
    final AtomicReference<RaceReport> first = new AtomicReference<>();

    void report(RaceReport r) {
      count.incrementAndGet();
      first.compareAndSet(null, r);
    }
  }

  @Test
  void fourThreadsRaceFreeAndRacyRoundsAndMemoryStaysFlat() throws Exception {
    Counting sink = new Counting();
    Path log = Files.createTempFile("racekit-stress", ".log");
    RaceOptions options = RaceOptions.builder().historySize(0).logPath(log.toString()).build();
    RaceDetector backend = RaceKit.builder().backend(backendName()).options(options).open();
    backend.addListener(sink::report);
    try {
      backend.mapShadow(BASE, SIZE);
      RaceThread main = backend.mainThread();
      long deadline = System.nanoTime() + 3_000_000_000L;
      List<long[]> memory = new ArrayList<>(); // per race-free round: heap bytes, rss bytes
      int round = 0;
      int racyRounds = 0;
      while (round < 6 || System.nanoTime() < deadline) {
        boolean racy = round % 3 == 2;
        long before = sink.count.get();
        runRound(backend, main, racy, round);
        long found = sink.count.get() - before;
        if (racy) {
          racyRounds++;
          assertTrue(found > 0, "racy round " + round + " reported nothing");
        } else {
          assertEquals(0, found, "race-free round " + round + " reported " + found + "; first: " + sink.first.get());
          memory.add(new long[] {usedHeap(), rss()});
        }
        round++;
        if (round > 200) {
          break;
        }
      }
      assertTrue(racyRounds >= 2);
      assertEquals(0, backend.unmappedAccessCount());
      // Memory: once the first half of the rounds has warmed everything up (JIT, heap sizing, shadow pages), the second
      // half allocates nothing that stays.
      long[] warm = memory.get(memory.size() / 2);
      long[] last = memory.get(memory.size() - 1);
      System.out.printf("stress %s: %d rounds, %d reports; heap %d -> %d KiB, rss %d -> %d KiB%n", backendName(),
          round, sink.count.get(), warm[0] >> 10, last[0] >> 10, warm[1] >> 10, last[1] >> 10);
      assertTrue(last[0] <= warm[0] + 32L * 1024 * 1024, "heap grew from " + warm[0] + " to " + last[0]);
      if (warm[1] > 0) {
        assertTrue(last[1] <= warm[1] + 64L * 1024 * 1024, "resident set grew from " + warm[1] + " to " + last[1]);
      }
    } finally {
      backend.close();
      try (var files = Files.list(log.getParent())) {
        for (Path f : (Iterable<Path>) files::iterator) {
          if (f.getFileName().toString().startsWith(log.getFileName().toString())) {
            Files.deleteIfExists(f);
          }
        }
      }
    }
  }

  /** One round: start four detector threads, run them on four Java threads, end them, join them. */
  private static void runRound(RaceDetector backend, RaceThread main, boolean racy, int round) throws Exception {
    RaceThread[] ts = new RaceThread[THREADS];
    for (int i = 0; i < THREADS; i++) {
      ts[i] = backend.startThread(main, 0x100 + i);
    }
    ReentrantLock lock = new ReentrantLock();
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> error = new AtomicReference<>();
    Thread[] workers = new Thread[THREADS];
    for (int i = 0; i < THREADS; i++) {
      int id = i;
      RaceThread t = ts[i];
      workers[i] = new Thread(() -> {
        try {
          go.await();
          work(t, id, racy, lock, round);
          t.end();
        } catch (Throwable e) {
          error.compareAndSet(null, e);
        }
      }, "stress-" + i);
      workers[i].start();
    }
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    if (error.get() != null) {
      throw new AssertionError("a worker failed", error.get());
    }
    for (RaceThread t : ts) {
      main.join(t);
    }
  }

  private static void work(RaceThread t, int id, boolean racy, ReentrantLock lock, int round) {
    long mine = PRIVATE + id * 0x10000L;
    for (int i = 0; i < 20_000; i++) {
      t.funcEnter(0x1000 + (i & 15));
      long a = mine + 8L * (i & 1023);
      t.write(a, 8, 0x2000);
      t.read(a, 4, 0x2001);
      t.atomicWrite(ATOMIC, 8, 0x2002);
      t.atomicRead(ATOMIC, 8, 0x2003);
      if ((i & 63) == 0) {
        lock.lock();
        try {
          t.acquire(LOCK);
          t.read(LOCKED, 8, 0x2004);
          t.write(LOCKED, 8, 0x2005);
          t.release(LOCK);
        } finally {
          lock.unlock();
        }
        t.writeRange(mine + 0x8000, 512, 0x2006);
        t.readRange(mine + 0x8000, 512, 0x2007);
        t.free(mine + 0x9000, 256, 0x2008);
        t.malloc(mine + 0x9000, 256);
        t.write(mine + 0x9000, 8, 0x2009);
      }
      if (racy) {
        t.write(SHARED + 8L * (i & 63), 8, 0x3000 + 16L * round + id); // new pcs each round: not deduplicated
      }
      t.funcExit();
    }
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  /** The process's resident set from /proc (Linux), or 0 where there is none. */
  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
