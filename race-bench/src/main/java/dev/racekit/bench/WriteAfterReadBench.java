package dev.racekit.bench;

import dev.racekit.RaceThread;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A write after other threads' reads: the slow path, where each access is compared with another thread's cell by
 * its vector clock and, with only two cells per word, evicts one.
 *
 * <p>Three detector threads A, B, C, all fed from the one benchmark thread. For each of K words: B reads it, C reads
 * it, then A writes it. To keep the stream race-free, each round is ordered by synchronization: after their reads,
 * B and C release, and A acquires both; after its writes, A releases, and B and C acquire. (Ordering the threads
 * once in setup is not enough: an access made after a thread's release carries a newer epoch than the one the
 * others acquired, so it would race.) Every access then finds a cell of another thread and compares clocks:
 * A's write finds B's and C's reads; B's and C's next reads find A's write. Each per-word access is one event;
 * the 7 sync events per round of {@value #K} words (3 x {@value #K} accesses) are amortised into it (about 1%).
 * Baseline {@code none}: the same three loops as plain reads and stores of a {@code long[]}.
 */
public class WriteAfterReadBench extends DetectorState {
  static final int K = 256;
  static final long WORDS = Detectors.BASE + 0x1000;
  static final long SYNC_A = Detectors.BASE + 0x100;
  static final long SYNC_B = Detectors.BASE + 0x108;
  static final long SYNC_C = Detectors.BASE + 0x110;

  /** A is the main thread ({@link #thread}); B and C are its children. */
  RaceThread b;
  RaceThread c;

  public WriteAfterReadBench() {
    super("writeAfterRead", K);
  }

  @Override
  void prepare() {
    b = detector.startThread(thread, Detectors.PC2);
    c = detector.startThread(thread, Detectors.PC2);
    // A few rounds, then check that the stream is race-free before it is timed.
    for (int i = 0; i < 4; i++) {
      writeAfterRead(null);
    }
    Detectors.checkNoReports(detector, "writeAfterRead setup");
  }

  @Benchmark
  @OperationsPerInvocation(3 * K)
  public void writeAfterRead(Blackhole bh) {
    RaceThread ta = thread;
    if (ta == null) {
      long[] m = mem;
      for (int k = 0; k < K; k++) {
        bh.consume(m[k]);
      }
      for (int k = 0; k < K; k++) {
        bh.consume(m[k]);
      }
      for (int k = 0; k < K; k++) {
        m[k] = k;
      }
      return;
    }
    RaceThread tb = b;
    RaceThread tc = c;
    for (int k = 0; k < K; k++) {
      tb.read(WORDS + 8L * k, 8, Detectors.PC);
    }
    for (int k = 0; k < K; k++) {
      tc.read(WORDS + 8L * k, 8, Detectors.PC);
    }
    tb.release(SYNC_B);
    tc.release(SYNC_C);
    ta.acquire(SYNC_B);
    ta.acquire(SYNC_C);
    for (int k = 0; k < K; k++) {
      ta.write(WORDS + 8L * k, 8, Detectors.PC2);
    }
    ta.release(SYNC_A);
    tb.acquire(SYNC_A);
    tc.acquire(SYNC_A);
  }
}
