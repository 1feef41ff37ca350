package dev.racekit.bench;

import dev.racekit.RaceThread;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.infra.Blackhole;

/**
 * An 8-byte read of an address outside every mapped range (and outside their bounding box): the seed's "is it heap
 * or global?" filter. The access is only counted. Baseline {@code none}: one plain read of a {@code long[]} slot.
 */
public class UnmappedBench extends DetectorState {
  static final int N = 1024;

  public UnmappedBench() {
    super("unmapped", 64);
  }

  @Override
  void prepare() {
    thread.read(Detectors.UNMAPPED, 8, Detectors.PC);
    if (detector.unmappedAccessCount() != 1) {
      throw new IllegalStateException("race-bench: backend '" + backend + "' did not count the unmapped access ("
          + detector.unmappedAccessCount() + ")");
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void unmapped(Blackhole bh) {
    RaceThread t = thread;
    if (t == null) {
      long[] m = mem;
      for (int i = 0; i < N; i++) {
        bh.consume(m[48]);
      }
      return;
    }
    for (int i = 0; i < N; i++) {
      t.read(Detectors.UNMAPPED, 8, Detectors.PC);
    }
  }
}
