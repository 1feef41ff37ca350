package dev.racekit.bench;

import dev.racekit.RaceDetector;
import dev.racekit.RaceThread;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * An 8-byte read of an address outside every mapped range (and outside their bounding box): the seed's "is it heap
 * or global?" filter. The access is only counted. Baseline {@code none}: one plain read of a {@code long[]} slot.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xms1g", "-Xmx1g"})
public class UnmappedBench {
  static final int N = 1024;

  @Param({"none", "java", "jni", "thunk"})
  public String backend;

  RaceDetector detector;
  RaceThread thread;
  final long[] mem = new long[64];

  @Setup(Level.Trial)
  public void setup() {
    if (Detectors.isNone(backend)) {
      return;
    }
    detector = Detectors.open(backend);
    detector.mapShadow(Detectors.BASE, 1 << 20);
    thread = detector.mainThread();
    thread.read(Detectors.UNMAPPED, 8, Detectors.PC);
    if (detector.unmappedAccessCount() != 1) {
      throw new IllegalStateException("race-bench: backend '" + backend + "' did not count the unmapped access ("
          + detector.unmappedAccessCount() + ")");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Detectors.closeChecked(detector, "unmapped");
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
