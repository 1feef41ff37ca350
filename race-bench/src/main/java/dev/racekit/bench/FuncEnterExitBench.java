package dev.racekit.bench;

import dev.racekit.RaceThread;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.infra.Blackhole;

/**
 * funcEnter followed by funcExit, at a stack depth of 8. Two events per pair; the result is per event.
 * Baseline {@code none}: one plain read of a {@code long[]} slot per event.
 */
public class FuncEnterExitBench extends DetectorState {
  static final int PAIRS = 512;
  static final int DEPTH = 8;

  public FuncEnterExitBench() {
    super("funcEnterExit", 64);
  }

  @Override
  void prepare() {
    for (int i = 0; i < DEPTH; i++) {
      thread.funcEnter(Detectors.PC + 16L * i);
    }
  }

  @Benchmark
  @OperationsPerInvocation(2 * PAIRS)
  public void funcEnterExit(Blackhole bh) {
    RaceThread t = thread;
    if (t == null) {
      long[] m = mem;
      for (int i = 0; i < PAIRS; i++) {
        bh.consume(m[DEPTH]);
        bh.consume(m[DEPTH - 1]);
      }
      return;
    }
    for (int i = 0; i < PAIRS; i++) {
      t.funcEnter(Detectors.PC2);
      t.funcExit();
    }
  }
}
