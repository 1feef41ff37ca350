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
 * An uncontended lock: acquire then release of one sync object, by a thread whose vector clock has 4 entries (three
 * more threads were started). Two events per pair; the result is per event. Baseline {@code none}: one plain read
 * of a {@code long[]} slot per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xms1g", "-Xmx1g"})
public class AcquireReleaseBench {
  static final int PAIRS = 512;
  static final long LOCK = Detectors.BASE + 0x200;

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
    for (int i = 0; i < 3; i++) {
      detector.startThread(thread, Detectors.PC2);
    }
    thread.release(LOCK); // so that the first acquire finds a sync object
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Detectors.closeChecked(detector, "acquireRelease");
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
