package dev.racekit.trace;

import dev.racekit.RaceOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * A detector that detects nothing but checks what every backend checks (arguments, thread lifecycle, call-stack
 * and ignore balance, mapped ranges), so that a record-only trace replays without errors on any backend.
 */
final class NoopDetector extends CheckingDetector {
  static final String NAME = "record-only";
  private static final long MAX_RANGE_SIZE = 64L << 30;
  private static final int MAX_RANGES = 64;

  private final List<long[]> ranges = new ArrayList<>();

  NoopDetector(RaceOptions options) {
    super(options);
  }

  @Override
  public String backendName() {
    return NAME;
  }

  @Override
  protected CheckedThread newThread(CheckedThread parent, int id) {
    return new CheckedThread(this, id) {};
  }

  @Override
  public synchronized void mapShadow(long base, long size) {
    checkOpen();
    if ((base & 7) != 0 || (size & 7) != 0 || size <= 0 || size > MAX_RANGE_SIZE
        || Long.compareUnsigned(base + size - 1, base) < 0) {
      throw new IllegalArgumentException("mapShadow(0x" + Long.toHexString(base) + ", " + size
          + "): base and size must be multiples of 8, size in 8..64 GiB, and the range must not wrap");
    }
    if (ranges.size() >= MAX_RANGES) {
      throw new IllegalArgumentException("mapShadow: at most " + MAX_RANGES + " ranges can be mapped");
    }
    for (long[] r : ranges) {
      if (!(Long.compareUnsigned(base + size - 1, r[0]) < 0 || Long.compareUnsigned(r[0] + r[1] - 1, base) < 0)) {
        throw new IllegalArgumentException("mapShadow(0x" + Long.toHexString(base) + ", " + size
            + ") overlaps the mapped range at 0x" + Long.toHexString(r[0]) + " of " + r[1] + " bytes");
      }
    }
    ranges.add(new long[] {base, size});
  }
}
