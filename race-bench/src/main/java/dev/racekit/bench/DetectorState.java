package dev.racekit.bench;

import dev.racekit.RaceDetector;
import dev.racekit.RaceThread;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The state a benchmark opens once per trial: a detector on the {@code backend} parameter with the first
 * {@link #mappedBytes()} of {@link Detectors#BASE} mapped, and its main thread. On the baseline ({@code none}) nothing
 * is opened and both stay null; the baseline's loops use {@link #mem} instead. A subclass brings the detector to
 * the state it measures in {@link #prepare()} (untimed); at teardown the detector is checked for reports (the
 * streams are meant to be race-free) and closed.
 *
 * <p>JMH finds the {@code @Param}, {@code @Setup} and {@code @TearDown} members here through the subclass; a
 * subclass may name another scope with its own {@code @State}.
 */
@State(Scope.Thread)
public abstract class DetectorState extends BenchSettings {
  @Param({"none", "java", "jni", "thunk"})
  public String backend;

  /** Null on the baseline. */
  RaceDetector detector;
  /** The detector's main thread; null on the baseline, which is how the benchmark loops tell the two apart. */
  RaceThread thread;
  /** The plain memory the baseline's loops read and write; null with a detector. */
  long[] mem;

  private final String benchmark;
  private final int baselineWords;

  /**
   * {@code benchmark} names the benchmark in the teardown's check; {@code baselineWords} is the length of
   * {@link #mem}.
   */
  DetectorState(String benchmark, int baselineWords) {
    this.benchmark = benchmark;
    this.baselineWords = baselineWords;
  }

  /** How much of the range at {@link Detectors#BASE} the detector maps: 1 MiB unless a benchmark needs more. */
  long mappedBytes() {
    return 1 << 20;
  }

  @Setup(Level.Trial)
  public void setup() {
    if (Detectors.isNone(backend)) {
      mem = new long[baselineWords];
      return;
    }
    detector = Detectors.open(backend);
    detector.mapShadow(Detectors.BASE, mappedBytes());
    thread = detector.mainThread();
    prepare();
  }

  /** Brings the open detector to the state the benchmark measures. */
  abstract void prepare();

  @TearDown(Level.Trial)
  public void tearDown() {
    Detectors.closeChecked(detector, benchmark);
  }
}
