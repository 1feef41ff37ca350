package dev.racekit.tck;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import dev.racekit.core.RaceKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The misuse that {@link LifetimeSuite} runs in a child JVM, because on a backend that gets it wrong it kills the JVM:
 * {@code close()} while other Java threads still feed events, {@code end()} of a {@code RaceThread} from another Java
 * thread while it is fed, and several Java threads feeding one {@code RaceThread} at once.
 *
 * <p>Arguments: backend, scenario ({@code close}, {@code end} or {@code shared}), iterations, log file. Exits 0 when
 * every iteration ran and every exception a feeder saw was an allowed one; prints what it saw. A crash shows as a
 * signal exit status and an {@code hs_err} message.
 */
public final class LifetimeMisuse {
  private static final long BASE = 0x10_0000_0000L;
  private static final long SIZE = 1L << 20;
  private static final int FEEDERS = 4;

  private final String backend;
  private final String log;
  /** Exceptions the feeders saw, by class and message (messages without numbers, so they group). */
  private final Map<String, AtomicLong> seen = new ConcurrentHashMap<>();
  private final AtomicLong unexpected = new AtomicLong();
  private final AtomicLong events = new AtomicLong();

  private LifetimeMisuse(String backend, String log) {
    this.backend = backend;
    this.log = log;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: LifetimeMisuse <backend> close|end|shared|churn <iterations> <log file>");
      System.exit(2);
    }
    LifetimeMisuse m = new LifetimeMisuse(args[0], args[3]);
    int iterations = Integer.parseInt(args[2]);
    if (args[1].equals("churn")) {
      m.shortThreads(iterations);
    }
    for (int i = 0; i < iterations && !args[1].equals("churn"); i++) {
      switch (args[1]) {
        case "close" -> m.closeWhileFeeding(i);
        case "end" -> m.endWhileFeeding(i);
        case "shared" -> m.oneThreadFedByMany(i);
        default -> throw new IllegalArgumentException("unknown scenario " + args[1]);
      }
    }
    System.out.println("lifetime misuse " + args[0] + " " + args[1] + ": " + iterations + " iterations, "
        + m.events.get() + " events, exceptions seen " + m.seen);
    System.exit(m.unexpected.get() == 0 ? 0 : 1);
  }

  private RaceDetector open() {
    RaceOptions options = RaceOptions.builder().historySize(0).logPath(log).build();
    RaceDetector d = RaceKit.builder().backend(backend).options(options).open();
    d.mapShadow(BASE, SIZE);
    return d;
  }

  /**
   * Starts, feeds, ends and joins {@code threads} short threads one after the other, dropping each: the resident set
   * may not grow by more than 160 MiB after the first 20,000 (run with a small fixed Java heap).
   */
  private void shortThreads(int threads) throws IOException {
    try (RaceDetector d = open()) {
      RaceThread main = d.mainThread();
      long warm = 0;
      for (int i = 0; i < threads; i++) {
        if (i == 20_000) {
          warm = residentSet();
        }
        RaceThread t = d.startThread(main, 0x10);
        t.funcEnter(0x11);
        t.write(BASE + (i & 1023) * 8L, 8, 0x12);
        t.funcExit();
        t.end();
        main.join(t);
        events.addAndGet(4);
      }
      long grown = residentSet() - warm;
      System.out.println("short threads " + backend + ": resident set grew " + (grown >> 20) + " MiB over "
          + (threads - 20_000) + " threads");
      if (grown > (160L << 20)) {
        unexpected.incrementAndGet();
      }
    }
  }

  private static long residentSet() throws IOException {
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
      }
    }
    return 0;
  }

  /** Records an exception; {@code allowed} says which kinds this scenario accepts as a documented outcome. */
  private void saw(Throwable e, boolean allowed) {
    String key = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replaceAll("\\d+", "N");
    seen.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    if (!allowed) {
      unexpected.incrementAndGet();
      e.printStackTrace();
    }
  }

  /**
   * Every kind of event, on shared and private words, so that reports are found and drained while the detector goes
   * away. {@code k} varies the addresses; each call may throw once the thread is gone.
   */
  private void feed(RaceThread t, int k, long sync) {
    long shared = BASE + (k & 63) * 8L;
    long mine = BASE + 0x8000 + (t.id() & 31) * 0x400 + (k & 63) * 8L;
    t.funcEnter(0x100 + (k & 7));
    t.write(shared, 8, 0x200);
    t.read(shared + 512, 4, 0x201);
    t.write(mine, 0x202);
    t.atomicWrite(mine + 8, 8, 0x203);
    t.atomicRead(shared + 1024, 8, 0x204);
    t.acquire(sync);
    t.writeRange(mine, 64, 0x205);
    t.readRange(shared, 128, 0x206);
    t.release(sync);
    t.releaseMerge(sync + 8);
    if ((k & 15) == 0) {
      t.free(mine, 32, 0x207);
      t.malloc(mine, 32);
    }
    t.ignoreBegin();
    t.write(shared, 8, 0x208);
    t.ignoreEnd();
    t.read(BASE + SIZE + 64, 8, 0x209); // unmapped
    t.funcExit();
    events.addAndGet(17);
  }

  /** Runs {@code body} on a new Java thread that starts with the others at {@code go}. */
  private static Thread feeder(CountDownLatch go, Runnable body) {
    Thread th = new Thread(() -> {
      try {
        go.await();
      } catch (InterruptedException e) {
        return;
      }
      body.run();
    });
    th.setDaemon(true);
    th.start();
    return th;
  }

  private static void pause() throws InterruptedException {
    Thread.sleep(0, ThreadLocalRandom.current().nextInt(1, 999_999));
    if (ThreadLocalRandom.current().nextBoolean()) {
      Thread.sleep(1 + ThreadLocalRandom.current().nextInt(3));
    }
  }

  /** Four Java threads feed their own RaceThreads while main closes the detector: only ISE may come back. */
  private void closeWhileFeeding(int iteration) throws Exception {
    RaceDetector d = open();
    RaceThread main = d.mainThread();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < FEEDERS; i++) {
      RaceThread t = d.startThread(main, 0x10 + i);
      long sync = 0x5000_0000L + (i & 1) * 0x100;
      threads.add(feeder(go, () -> {
        try {
          for (int k = 0; ; k++) {
            feed(t, k, sync);
          }
        } catch (IllegalStateException expected) {
          saw(expected, true);
        } catch (RuntimeException | Error e) {
          saw(e, false);
        }
      }));
    }
    go.countDown();
    pause();
    d.close();
    for (Thread th : threads) {
      th.join();
    }
  }

  /** Four Java threads feed RaceThreads that main ends meanwhile, then main joins them: only ISE may come back. */
  private void endWhileFeeding(int iteration) throws Exception {
    RaceDetector d = open();
    RaceThread main = d.mainThread();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<RaceThread> fed = new ArrayList<>();
    for (int i = 0; i < FEEDERS; i++) {
      RaceThread t = d.startThread(main, 0x10 + i);
      fed.add(t);
      long sync = 0x5000_0000L + i * 0x100;
      threads.add(feeder(go, () -> {
        try {
          for (int k = 0; ; k++) {
            feed(t, k, sync);
            if ((k & 7) == 0) {
              RaceThread child = d.startThread(t, 0x30); // grows the clock of t while main may end it
              child.write(BASE + 0x20000 + (child.id() & 255) * 8, 8, 0x31);
              child.end();
              t.join(child);
            }
          }
        } catch (IllegalStateException expected) {
          saw(expected, true);
        } catch (RuntimeException | Error e) {
          saw(e, false);
        }
      }));
    }
    go.countDown();
    for (RaceThread t : fed) {
      pause();
      t.end();
    }
    for (Thread th : threads) {
      th.join();
    }
    for (RaceThread t : fed) {
      main.join(t);
    }
    main.write(BASE, 8, 0x40);
    if (iteration % 4 == 0) {
      System.gc(); // lets a backend free what ended threads left behind while others still run
    }
    d.close();
  }

  /**
   * Four Java threads feed ONE RaceThread at once, with calls that grow its native state (deep call stacks, clocks
   * grown by joins and acquires, thread starts from it), while a fifth ends it. Any exception is a documented outcome
   * of this misuse (the reports of that thread may be wrong); a crash is not.
   */
  private void oneThreadFedByMany(int iteration) throws Exception {
    RaceDetector d = open();
    RaceThread main = d.mainThread();
    RaceThread t = d.startThread(main, 0x10);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < FEEDERS; i++) {
      int role = i;
      threads.add(feeder(go, () -> {
        for (int k = 0; k < 4000 && !t.isEnded(); k++) {
          try {
            switch (role) {
              case 0 -> feed(t, k, 0x5000_0000L + (k & 3) * 8);
              case 1 -> {
                for (int j = 0; j < 64; j++) {
                  t.funcEnter(0x400 + j);
                }
                t.write(BASE + 0x40000 + (k & 127) * 8, 8, 0x401);
                for (int j = 0; j < 64; j++) {
                  t.funcExit();
                }
              }
              case 2 -> {
                RaceThread child = d.startThread(t, 0x500);
                RaceThread grandchild = d.startThread(child, 0x501);
                grandchild.write(BASE + 0x50000 + (k & 127) * 8, 8, 0x502);
                grandchild.release(0x6000_0000L + k);
                grandchild.end();
                child.join(grandchild);
                child.end();
                t.join(child);
                t.acquire(0x6000_0000L + k);
              }
              default -> {
                t.writeRange(BASE + 0x60000, 4096, 0x600);
                t.release(0x7000_0000L + (k & 15));
                t.acquire(0x7000_0000L + ((k + 1) & 15));
                t.read(BASE + 0x60000 + (k & 511) * 8, 8, 0x601);
              }
            }
          } catch (RuntimeException | Error e) {
            saw(e, e instanceof RuntimeException);
          }
        }
      }));
    }
    go.countDown();
    pause();
    pause();
    try {
      t.end();
    } catch (RuntimeException e) {
      saw(e, true);
    }
    for (Thread th : threads) {
      th.join();
    }
    main.write(BASE + 0x40000, 8, 0x700);
    d.close();
  }
}
