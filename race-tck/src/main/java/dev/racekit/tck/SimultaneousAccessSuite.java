package dev.racekit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import dev.racekit.core.RaceKit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two Java threads meet at a spin barrier, then both access the same word at the same moment, round after round.
 * Each round is a race by happens-before, whatever the timing, so each must be reported: a detector that checks a
 * word's cells and then stores its own without making the two one step loses some of these (in a few rounds per
 * hundred, measured before the fix). A backend module extends this class in its tests.
 */
public abstract class SimultaneousAccessSuite {
  private static final long BASE = 0x2000_0000L;
  private static final int ROUNDS = 4000;

  /** The backend under test. */
  protected abstract String backendName();

  @Test
  void simultaneousWritesToFreshWordsAreAllReported() throws Exception {
    List<Integer> missed = missedRounds(atBarrier(true, 0x1_0000), atBarrier(true, 0x2_0000));
    assertEquals(List.of(), missed, "rounds whose write/write race was not reported");
  }

  @Test
  void simultaneousReadAndWriteOfFreshWordsAreAllReported() throws Exception {
    List<Integer> missed = missedRounds(atBarrier(true, 0x1_0000), atBarrier(false, 0x2_0000));
    assertEquals(List.of(), missed, "rounds whose read/write race was not reported");
  }

  /** A round that meets the other thread, then writes (or reads) the round's fresh word at pc {@code pcBase + i}. */
  private static Round atBarrier(boolean write, long pcBase) {
    return (t, i, barrier) -> {
      barrier.await();
      if (write) {
        t.write(word(i), 8, pcBase + i);
      } else {
        t.read(word(i), 8, pcBase + i);
      }
    };
  }

  /**
   * The two accesses go into different cells: the reader's earlier read of the word, ordered before the writer by a
   * release and acquire, is the reader's own cell of the same kind and is replaced, while the writer takes the empty
   * one. Neither store can then fail against the other; only the second loading the other cell after its own store
   * sees the first.
   */
  @Test
  void simultaneousAccessesIntoDifferentCellsAreAllReported() throws Exception {
    long lock = BASE - 8;
    List<Integer> missed = missedRounds(
        (t, i, barrier) -> {
          t.read(word(i), 8, 0x1_0000 + i);
          t.release(lock); // a new epoch: the read below is not already recorded
          barrier.await();
          barrier.await();
          t.read(word(i), 8, 0x1_0000 + i);
        },
        (t, i, barrier) -> {
          barrier.await();
          t.acquire(lock); // the reader's first read happens before the write: no race with it
          barrier.await();
          t.write(word(i), 8, 0x2_0000 + i);
        });
    assertEquals(List.of(), missed, "rounds whose read/write race in two cells was not reported");
  }

  /** What one feeding thread does in round {@code i} on its detector thread. */
  private interface Round {
    void run(RaceThread t, int i, SpinBarrier barrier);
  }

  private static long word(int round) {
    return BASE + 8L * round;
  }

  /** Runs the rounds, {@code first} and {@code second} on threads of their own; returns those no report names. */
  private List<Integer> missedRounds(Round first, Round second) throws Exception {
    Set<Long> reported = ConcurrentHashMap.newKeySet();
    RaceOptions options = RaceOptions.builder().historySize(0).logPath("none").build();
    try (RaceDetector d = RaceKit.builder().backend(backendName()).options(options).open()) {
      d.addListener(r -> reported.add(r.current().address() & ~7L));
      d.mapShadow(BASE, ROUNDS * 8L);
      RaceThread main = d.mainThread();
      RaceThread one = d.startThread(main, 0x10);
      RaceThread two = d.startThread(main, 0x20);
      SpinBarrier barrier = new SpinBarrier();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread a = feeder(barrier, failure, () -> {
        for (int i = 0; i < ROUNDS; i++) {
          first.run(one, i, barrier);
        }
      });
      Thread b = feeder(barrier, failure, () -> {
        for (int i = 0; i < ROUNDS; i++) {
          second.run(two, i, barrier);
        }
      });
      a.join();
      b.join();
      if (failure.get() != null) {
        throw new AssertionError("a feeding thread failed", failure.get());
      }
    }
    List<Integer> missed = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      if (!reported.contains(word(i))) {
        missed.add(i);
      }
    }
    return missed;
  }

  private static Thread feeder(SpinBarrier barrier, AtomicReference<Throwable> failure, Runnable body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
        barrier.broken = true;
      }
    });
    t.start();
    return t;
  }

  /** Two parties, reusable: both leave a round's await within a few nanoseconds of each other when both run. */
  private static final class SpinBarrier {
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicInteger generation = new AtomicInteger();
    volatile boolean broken;

    void await() {
      int g = generation.get();
      if (arrived.incrementAndGet() == 2) {
        arrived.set(0);
        generation.incrementAndGet();
        return;
      }
      for (int spins = 0; generation.get() == g; spins++) {
        if (broken) {
          throw new IllegalStateException("the other party failed");
        }
        if (spins > 1_000) {
          Thread.yield(); // the other party may not be running (two cores, other work)
        } else {
          Thread.onSpinWait();
        }
      }
    }
  }
}
