package dev.racekit.purejava;

import dev.racekit.spi.MappedRanges;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The mapped ranges and their shadow. Ranges are rarely added and read on every access, so they live in a
 * copy-on-write array; a lookup is a short scan with no lock.
 */
final class Shadow {
  private final MappedRanges checked = new MappedRanges();
  private volatile ShadowRange[] ranges = new ShadowRange[0];

  synchronized void map(long base, long size) {
    checked.add(base, size);
    ShadowRange[] old = ranges;
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
