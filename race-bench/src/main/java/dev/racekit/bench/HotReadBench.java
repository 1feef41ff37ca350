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
 * The hot read: the same thread reads words it has already read in this epoch, so there is nothing new to record
 * (the detector's cheapest mapped access, and the commonest one in a loop). Baseline {@code none}: the same loop
 * reading a {@code long[]} slot per event into a Blackhole.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xms1g", "-Xmx1g"})
public class HotReadBench {
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
    for (long a : ADDRS) {
      thread.read(a, 8, Detectors.PC); // recorded once; every later read finds it
    }
    Detectors.checkNoReports(detector, "hotRead setup");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Detectors.closeChecked(detector, "hotRead");
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
