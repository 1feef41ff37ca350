package dev.racekit.bench;

import dev.racekit.RaceThread;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.infra.Blackhole;

/**
 * An uncontended lock: acquire then release of one sync object, by a thread whose vector clock has 4 entries (three
 * more threads were started). Two events per pair; the result is per event. Baseline {@code none}: one plain read
 * of a {@code long[]} slot per event.
 */
public class AcquireReleaseBench extends DetectorState {
  static final int PAIRS = 512;
  static final long LOCK = Detectors.BASE + 0x200;

  public AcquireReleaseBench() {
    super("acquireRelease", 64);
  }

  @Override
  void prepare() {
    for (int i = 0; i < 3; i++) {
      detector.startThread(thread, Detectors.PC2);
    }
    thread.release(LOCK); // so that the first acquire finds a sync object
  }

  @Benchmark
  @OperationsPerInvocation(2 * PAIRS)
  public void acquireRelease(Blackhole bh) {
    RaceThread t = thread;
    if (t == null) {
      long[] m = mem;
      for (int i = 0; i < PAIRS; i++) {
        bh.consume(m[16]);
        bh.consume(m[17]);
      }
      return;
    }
    for (int i = 0; i < PAIRS; i++) {
      t.acquire(LOCK);
      t.release(LOCK);
    }
  }
}
