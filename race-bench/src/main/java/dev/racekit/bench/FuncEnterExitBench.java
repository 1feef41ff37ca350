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
 * funcEnter followed by funcExit, at a stack depth of 8. Two events per pair; the result is per event.
 * Baseline {@code none}: one plain read of a {@code long[]} slot per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xms1g", "-Xmx1g"})
public class FuncEnterExitBench {
  static final int PAIRS = 512;
  static final int DEPTH = 8;

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
    for (int i = 0; i < DEPTH; i++) {
      thread.funcEnter(Detectors.PC + 16L * i);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Detectors.closeChecked(detector, "funcEnterExit");
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
