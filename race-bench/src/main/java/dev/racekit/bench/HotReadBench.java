package dev.racekit.bench;

import dev.racekit.RaceThread;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hot read: the same thread reads words it has already read in this epoch, so there is nothing new to record
 * (the detector's cheapest mapped access, and the commonest one in a loop). Baseline {@code none}: the same loop
 * reading a {@code long[]} slot per event into a Blackhole.
 */
public class HotReadBench extends DetectorState {
  static final int N = 1024;
  /**
   * The thread cycles over a few words it already read, so every read is hot; one word read over and over would let
   * the JIT hoist a pure-Java detector's whole check out of the loop and time nothing.
   */
  static final int WORDS = 64;
  static final long[] ADDRS = new long[WORDS];

  static {
    for (int i = 0; i < WORDS; i++) {
      ADDRS[i] = Detectors.BASE + 0x100 + 8L * i;
    }
  }

  public HotReadBench() {
    super("hotRead", 64);
  }

  @Override
  void prepare() {
    for (long a : ADDRS) {
      thread.read(a, 8, Detectors.PC); // recorded once; every later read finds it
    }
    Detectors.checkNoReports(detector, "hotRead setup");
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void hotRead(Blackhole bh) {
    RaceThread t = thread;
    if (t == null) {
      long[] m = mem;
      long[] addrs = ADDRS;
      for (int i = 0; i < N; i++) {
        bh.consume(m[(int) (addrs[i & (WORDS - 1)] >>> 3) & 63]);
      }
      return;
    }
    long[] addrs = ADDRS;
    for (int i = 0; i < N; i++) {
      t.read(addrs[i & (WORDS - 1)], 8, Detectors.PC);
    }
  }
}
