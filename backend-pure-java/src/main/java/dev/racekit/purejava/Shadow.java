package dev.racekit.purejava;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The mapped ranges and their shadow. Ranges are rarely added and read on every access, so they live in a
 * copy-on-write array; a lookup is a short scan with no lock.
 */
final class Shadow {
  static final long MAX_RANGE_SIZE = 64L << 30;
  static final int MAX_RANGES = 64;

  private volatile ShadowRange[] ranges = new ShadowRange[0];

  synchronized void map(long base, long size) {
    if ((base & 7) != 0 || (size & 7) != 0 || size <= 0 || size > MAX_RANGE_SIZE
        || Long.compareUnsigned(base + size - 1, base) < 0) {
      throw new IllegalArgumentException("mapShadow(0x" + Long.toHexString(base) + ", " + size
          + "): base and size must be multiples of 8, size in 8..64 GiB, and the range must not wrap");
    }
    ShadowRange[] old = ranges;
    if (old.length >= MAX_RANGES) {
      throw new IllegalArgumentException("mapShadow: at most " + MAX_RANGES + " ranges can be mapped");
    }
    for (ShadowRange r : old) {
      boolean disjoint = Long.compareUnsigned(base + size - 1, r.base) < 0
          || Long.compareUnsigned(r.base + r.size - 1, base) < 0;
      if (!disjoint) {
        throw new IllegalArgumentException("mapShadow(0x" + Long.toHexString(base) + ", " + size
            + ") overlaps the mapped range at 0x" + Long.toHexString(r.base) + " of " + r.size + " bytes");
      }
    }
    ShadowRange[] next = Arrays.copyOf(old, old.length + 1);
    next[old.length] = new ShadowRange(base, size);
    Arrays.sort(next, Comparator.comparing(r -> r.base, Long::compareUnsigned));
    ranges = next;
  }

  /** The range holding {@code addr}, or null when it is unmapped. */
  ShadowRange find(long addr) {
    for (ShadowRange r : ranges) {
      if (Long.compareUnsigned(addr - r.base, r.size) < 0) {
        return r;
      }
    }
    return null;
  }

  ShadowRange[] ranges() {
    return ranges;
  }

  long allocatedBytes() {
    long n = 0;
    for (ShadowRange r : ranges) {
      n += r.allocatedBytes();
    }
    return n;
  }
}
