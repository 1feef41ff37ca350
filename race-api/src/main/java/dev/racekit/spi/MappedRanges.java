package dev.racekit.spi;

import java.util.Arrays;

/**
 * The ranges registered with {@link dev.racekit.RaceDetector#mapShadow(long, long)}, validated the same way for every
 * backend, with their bounding box. Not thread-safe: backends call {@link #check} and {@link #add} under their own lock.
 */
public final class MappedRanges {
  /** The largest range one call may map. */
  public static final long MAX_RANGE_SIZE = 64L << 30;
  /** How many ranges may be mapped at once. */
  public static final int MAX_RANGES = 64;

  private long[] bases = new long[0];
  private long[] sizes = new long[0];

  /** Starts with no range mapped. */
  public MappedRanges() {}

  /**
   * Throws the {@link IllegalArgumentException} that {@code mapShadow(base, size)} must throw, or returns normally
   * when the range may be added.
   *
   * @param base the first byte of the range
   * @param size the range's length in bytes
   * @throws IllegalArgumentException if base or size is not a multiple of 8, size is not positive or above 64 GiB,
   *     the range wraps, it overlaps a mapped range, or {@value #MAX_RANGES} ranges are already mapped
   */
  public void check(long base, long size) {
    if ((base & 7) != 0 || (size & 7) != 0 || size <= 0 || size > MAX_RANGE_SIZE
        || Long.compareUnsigned(base + size - 1, base) < 0) {
      throw new IllegalArgumentException("mapShadow(0x" + Long.toHexString(base) + ", " + size
          + "): base and size must be multiples of 8, size in 8..64 GiB, and the range must not wrap");
    }
    if (bases.length >= MAX_RANGES) {
      throw new IllegalArgumentException("mapShadow: at most " + MAX_RANGES + " ranges can be mapped");
    }
    for (int i = 0; i < bases.length; i++) {
      boolean disjoint = Long.compareUnsigned(base + size - 1, bases[i]) < 0
          || Long.compareUnsigned(bases[i] + sizes[i] - 1, base) < 0;
      if (!disjoint) {
        throw new IllegalArgumentException("mapShadow(0x" + Long.toHexString(base) + ", " + size
            + ") overlaps the mapped range at 0x" + Long.toHexString(bases[i]) + " of " + sizes[i] + " bytes");
      }
    }
  }

  /**
   * Adds a range after {@link #check}ing it.
   *
   * @param base the first byte of the range
   * @param size the range's length in bytes
   * @throws IllegalArgumentException when {@link #check} rejects the range; nothing is added then
   */
  public void add(long base, long size) {
    check(base, size);
    bases = Arrays.copyOf(bases, bases.length + 1);
    sizes = Arrays.copyOf(sizes, sizes.length + 1);
    bases[bases.length - 1] = base;
    sizes[sizes.length - 1] = size;
  }

  /**
   * How many ranges are mapped.
   *
   * @return 0..{@value #MAX_RANGES}
   */
  public int count() {
    return bases.length;
  }

  /**
   * The low end of the bounding box.
   *
   * @return the first mapped byte (unsigned), or -1 (all ones) when nothing is mapped
   */
  public long lo() {
    long lo = -1;
    for (long b : bases) {
      lo = Long.compareUnsigned(b, lo) < 0 ? b : lo;
    }
    return lo;
  }

  /**
   * The high end of the bounding box.
   *
   * @return the last mapped byte (unsigned, inclusive), or 0 when nothing is mapped
   */
  public long last() {
    long last = 0;
    for (int i = 0; i < bases.length; i++) {
      long l = bases[i] + sizes[i] - 1;
      last = Long.compareUnsigned(l, last) > 0 ? l : last;
    }
    return last;
  }
}
