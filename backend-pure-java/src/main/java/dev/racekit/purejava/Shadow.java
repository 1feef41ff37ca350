package dev.racekit.purejava;

import dev.racekit.spi.MappedRanges;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The mapped ranges and their shadow. Ranges are rarely added and read on every access, so they live in an immutable
 * {@link Layout} replaced on each mapping; a lookup is a bounding-box check, then a short scan, with no lock.
 */
final class Shadow {
  /** A range that holds nothing: the starting value of per-thread range caches. */
  static final ShadowRange NONE = new ShadowRange(0, 0);

  /** The ranges sorted by base and their bounding box {@code [lo, lo + lastOffset]} (unsigned, inclusive). */
  private record Layout(ShadowRange[] ranges, long lo, long lastOffset) {}

  private final MappedRanges checked = new MappedRanges();
  private volatile Layout layout = new Layout(new ShadowRange[0], 1, -1);

  synchronized void map(long base, long size) {
    checked.add(base, size);
    ShadowRange[] old = layout.ranges();
    ShadowRange[] next = Arrays.copyOf(old, old.length + 1);
    next[old.length] = new ShadowRange(base, size);
    Arrays.sort(next, Comparator.comparing(r -> r.base, Long::compareUnsigned));
    layout = new Layout(next, checked.lo(), checked.last() - checked.lo());
  }

  /** The range holding {@code addr}, or null when it is unmapped. */
  ShadowRange find(long addr) {
    Layout l = layout;
    // Unsigned: an address below lo wraps to a huge offset. With nothing mapped the box is everything and the scan
    // finds no range.
    if (Long.compareUnsigned(addr - l.lo(), l.lastOffset()) > 0) {
      return null;
    }
    for (ShadowRange r : l.ranges()) {
      if (Long.compareUnsigned(addr - r.base, r.size) < 0) {
        return r;
      }
    }
    return null;
  }

  ShadowRange[] ranges() {
    return layout.ranges();
  }

  long allocatedBytes() {
    long n = 0;
    for (ShadowRange r : layout.ranges()) {
      n += r.allocatedBytes();
    }
    return n;
  }
}
