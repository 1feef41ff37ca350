package dev.racekit.bench;

import dev.racekit.RaceThread;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The mixed stream ({@link MixedStream}) on one benchmark thread and on two. With two, each benchmark thread feeds
 * its own detector thread (both started from the main thread in the shared setup) over its own 4096 words with its
 * own lock, so the stream is race-free and the threads share only the detector. The result is the time per event
 * of one benchmark thread (JMH averages the threads). Baseline {@code none}: the same dispatch loop with a plain
 * {@code long[]} access per event.
 */
public class MixedBench extends BenchSettings {
  static final int MAX_THREADS = 2;
  static final long REGION = 1 << 20; // each benchmark thread's words and lock live in their own MiB

  /** The detector, shared by the benchmark threads. */
  @State(Scope.Benchmark)
  public static class Shared extends DetectorState {
    final RaceThread[] threads = new RaceThread[MAX_THREADS];
    final AtomicInteger next = new AtomicInteger();

    public Shared() {
      super("mixed", 0); // the baseline's memory is the workers'
    }

    @Override
    long mappedBytes() {
      return MAX_THREADS * REGION;
    }

    @Override
    void prepare() {
      for (int i = 0; i < MAX_THREADS; i++) {
        threads[i] = detector.startThread(thread, Detectors.PC2);
      }
    }
  }

  /** One benchmark thread's detector thread and event stream. */
  @State(Scope.Thread)
  public static class Worker {
    RaceThread thread;
    MixedStream stream;
    final long[] mem = new long[MixedStream.WORDS];

    @Setup(Level.Trial)
    public void setup(Shared shared) {
      int index = shared.next.getAndIncrement();
      long base = Detectors.BASE + index * REGION;
      stream = new MixedStream(base, base + 8L * MixedStream.WORDS + 64, 42 + index);
      thread = shared.threads[index];
      if (thread != null) {
        stream.run(thread);
        Detectors.checkNoReports(shared.detector, "mixed setup");
      }
    }
  }

  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(MixedStream.EVENTS)
  public void mixed1(Worker w, Blackhole bh) {
    run(w, bh);
  }

  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(MixedStream.EVENTS)
  public void mixed2(Worker w, Blackhole bh) {
    run(w, bh);
  }

  private static void run(Worker w, Blackhole bh) {
    RaceThread t = w.thread;
    if (t == null) {
      w.stream.runBaseline(w.mem, bh);
    } else {
      w.stream.run(t);
    }
  }
}
