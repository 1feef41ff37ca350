package dev.racekit.bench;

import dev.racekit.RaceThread;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * A first access to a new word: one invocation writes every 8-byte word of a 64 MiB mapped range once, in order,
 * so every access finds empty shadow and records a new cell.
 *
 * <p>Before each invocation, {@link RaceThread#malloc} over the whole range clears its history, so every access of
 * the next walk is a first access again. The reset is untimed ({@code @Setup(Level.Invocation)}): it costs about
 * 2-3 ns per word in the Java backend, a fifth of the access itself, so amortising it into the walk would inflate
 * the result; an invocation is long (8 Mi accesses, tens of milliseconds), so JMH's per-invocation timestamps cost
 * nothing measurable. The reset is done as {@value #RESET_CHUNK}-byte mallocs: the native backends give the shadow
 * of a large malloc back to the kernel ({@code MADV_DONTNEED}), and re-faulting it would turn this row into a
 * page-fault benchmark (one fault per 4 KiB of shadow; 30-80 us each on the Firecracker VMs measured here). So
 * every backend walks resident, zeroed shadow that is not in the cache (128 MiB of it at 2 cells per word): the
 * cost of recording a first access, not of allocating or faulting in shadow. Baseline {@code none}: the same walk
 * as a plain store to each slot of a 64 MiB {@code long[]}.
 */
public class FirstAccessBench extends DetectorState {
  static final long RANGE = 64L << 20;
  static final int WORDS = (int) (RANGE / 8);
  static final long RESET_CHUNK = 4096;

  public FirstAccessBench() {
    super("firstAccess", WORDS);
  }

  @Override
  long mappedBytes() {
    return RANGE;
  }

  @Override
  void prepare() {
    firstAccess(); // allocates (faults in) the shadow once, untimed
    Detectors.checkNoReports(detector, "firstAccess setup");
  }

  /** Untimed: the whole range is new memory again (in small mallocs, so the shadow stays resident). */
  @Setup(Level.Invocation)
  public void reset() {
    RaceThread t = thread;
    if (t != null) {
      for (long off = 0; off < RANGE; off += RESET_CHUNK) {
        t.malloc(Detectors.BASE + off, RESET_CHUNK);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(WORDS)
  public void firstAccess() {
    RaceThread t = thread;
    if (t == null) {
      long[] m = mem;
      for (int i = 0; i < WORDS; i++) {
        m[i] = i;
      }
      return;
    }
    long a = Detectors.BASE;
    for (int i = 0; i < WORDS; i++) {
      t.write(a, 8, Detectors.PC);
      a += 8;
    }
  }
}
