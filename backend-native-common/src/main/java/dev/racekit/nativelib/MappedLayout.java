package dev.racekit.nativelib;

import java.util.Arrays;

/**
 * The mapped ranges as an immutable snapshot for the access path: a bounding box, so that the common unmapped case
 * costs one unsigned compare, then the ranges themselves. A binding filters unmapped accesses with it before it calls
 * the core (as Go's race thunks do before they call the runtime); ranges are never unmapped, so a thread may cache the
 * range it found last.
 */
public final class MappedLayout {
  /** No range mapped yet. */
  public static final MappedLayout EMPTY = new MappedLayout(new long[0], new long[0]);

  private final long[] bases;
  private final long[] sizes;
  private final long lo;
  private final long lastOffset;

  private MappedLayout(long[] bases, long[] sizes) {
    this.bases = bases;
    this.sizes = sizes;
    long low = -1;
    long last = 0;
    for (int i = 0; i < bases.length; i++) {
      low = Long.compareUnsigned(bases[i], low) < 0 ? bases[i] : low;
      long end = bases[i] + sizes[i] - 1;
      last = Long.compareUnsigned(end, last) > 0 ? end : last;
    }
    this.lo = bases.length == 0 ? 0 : low;
    this.lastOffset = bases.length == 0 ? -1 : last - low;
  }

  /** This layout with {@code [base, base + size)} added (already validated by {@code MappedRanges}). */
  public MappedLayout with(long base, long size) {
    long[] b = Arrays.copyOf(bases, bases.length + 1);
    long[] s = Arrays.copyOf(sizes, sizes.length + 1);
    b[bases.length] = base;
    s[sizes.length] = size;
    return new MappedLayout(b, s);
  }

  /** The index of the range holding {@code addr}, or -1. */
  public int find(long addr) {
    if (bases.length == 0 || Long.compareUnsigned(addr - lo, lastOffset) > 0) {
      return -1;
    }
    for (int i = 0; i < bases.length; i++) {
      if (Long.compareUnsigned(addr - bases[i], sizes[i]) < 0) {
        return i;
      }
    }
    return -1;
  }

  public long base(int index) {
    return bases[index];
  }

  public long size(int index) {
    return sizes[index];
  }
}
