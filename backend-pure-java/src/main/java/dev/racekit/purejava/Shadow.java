package dev.racekit.purejava;

import dev.racekit.spi.MappedRanges;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The mapped ranges and their shadow (race-native/src/shadow.c). Ranges are rarely added and read on every access,
 * so they live in an immutable {@link Layout} replaced on each mapping; a lookup is a bounding-box check, then a
 * short scan, with no lock. Each range's cells are a {@link ShadowRange}.
 */
final class Shadow {
  /** A range that holds nothing: the starting value of per-thread range caches. */
  static final ShadowRange NONE = new ShadowRange(0, 0);

  /** The ranges sorted by base and their bounding box {@code [lo, lo + lastOffset]} (unsigned, inclusive). */
  private record Layout(ShadowRange[] ranges, long lo, long lastOffset) {}

  private final MappedRanges checked = new MappedRanges();
  private volatile Layout layout = new Layout(new ShadowRange[0], 1, -1);

  /** rk_shadow_map. */
  synchronized void map(long base, long size) {
    checked.add(base, size);
    ShadowRange[] old = layout.ranges();
    ShadowRange[] next = Arrays.copyOf(old, old.length + 1);
    next[old.length] = new ShadowRange(base, size);
    Arrays.sort(next, Comparator.comparing(r -> r.base, Long::compareUnsigned));
    layout = new Layout(next, checked.lo(), checked.last() - checked.lo());
  }

  /** rk_shadow_find: the range holding {@code addr}, or null when it is unmapped. */
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

  /** rk_shadow_touches: whether {@code [addr, addr + len)} (len > 0) overlaps a mapped range. */
  boolean touches(long addr, long len) {
    long last = addr + len - 1;
    for (ShadowRange r : layout.ranges()) {
      if (Long.compareUnsigned(addr, r.base + r.size - 1) <= 0 && Long.compareUnsigned(last, r.base) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * rk_shadow_clear (malloc): clears every touched mapped word of {@code [addr, addr + len)}; untouched pages are
   * already empty and stay absent.
   */
  void clear(long addr, long len) {
    long last = addr + len - 1;
    for (ShadowRange r : layout.ranges()) {
      long lo = r.firstIn(addr);
      long hi = r.lastIn(last);
      if (Long.compareUnsigned(lo, hi) > 0) {
        continue;
      }
      long lastWord = hi & ~7L;
      for (long word = lo & ~7L; ; ) {
        long off = word - r.base;
        long[] page = r.pageIfPresent(off);
        if (page == null) {
          long nextOff = r.nextPossiblyPresent(off);
          if (Long.compareUnsigned(nextOff, lastWord - r.base) > 0) {
            break;
          }
          word = r.base + nextOff;
          continue;
        }
        long next = nextPage(word, off);
        long pageLastWord = Long.compareUnsigned(next - 8, lastWord) < 0 ? next - 8 : lastWord;
        int from = ShadowRange.cellIndex(off);
        int to = ShadowRange.cellIndex(pageLastWord - r.base) + Cell.CELLS_PER_WORD;
        Arrays.fill(page, from, to, 0L);
        if (pageLastWord == lastWord) {
          break;
        }
        word = next;
      }
    }
  }

  /** The first word of the shadow page after the one holding {@code word} (at range offset {@code off}). */
  private static long nextPage(long word, long off) {
    return word + (ShadowRange.PAGE_BYTES - (off & (ShadowRange.PAGE_BYTES - 1)));
  }

  /**
   * Bytes at the start of a freed block whose words always get the freed marker, as ThreadSanitizer v3 marks only
   * the first KiB of a freed block: marking every word of a huge block would cost shadow in proportion to its size.
   */
  static final long FREE_MARKED_PREFIX = 1024;

  /**
   * rk_shadow_mark_freed (free): the words of the range's first {@value #FREE_MARKED_PREFIX} bytes, and every other
   * word of it that holds a cell, now hold only the freed marker: cell 0 = {@code freedStamp} | the bytes covered.
   * Words past the prefix that no access has touched since they were last cleared stay empty, so the work and the
   * shadow this costs follow what was touched, not the size of the range.
   */
  void markFreed(long addr, long len, long freedStamp) {
    long last = addr + len - 1;
    long prefixLast = addr + Math.min(len, FREE_MARKED_PREFIX) - 1;
    for (ShadowRange r : layout.ranges()) {
      long lo = r.firstIn(addr);
      long hi = r.lastIn(last);
      if (Long.compareUnsigned(lo, hi) > 0) {
        continue;
      }
      long lastWord = hi & ~7L;
      for (long word = lo & ~7L; ; word += 8) {
        long off = word - r.base;
        boolean inPrefix = Long.compareUnsigned(word, prefixLast) <= 0;
        long[] page = inPrefix ? r.page(off) : r.pageIfPresent(off);
        if (page == null) { // an untouched page: nothing to mark on it; go on at the next one that may be touched
          long nextOff = r.nextPossiblyPresent(off);
          if (Long.compareUnsigned(nextOff, lastWord - r.base) > 0) {
            break;
          }
          word = r.base + nextOff - 8;
          continue;
        }
        int i = ShadowRange.cellIndex(off);
        if (inPrefix || hasCell(page, i)) {
          long from = Long.compareUnsigned(word, lo) < 0 ? lo : word;
          long to = word == lastWord ? hi : word + 7;
          page[i] = freedStamp | Cell.byteMask(from, (int) (to - from + 1));
          for (int k = 1; k < Cell.CELLS_PER_WORD; k++) {
            page[i + k] = 0;
          }
        }
        if (word == lastWord) {
          break;
        }
      }
    }
  }

  private static boolean hasCell(long[] page, int i) {
    for (int k = 0; k < Cell.CELLS_PER_WORD; k++) {
      if (page[i + k] != 0) {
        return true;
      }
    }
    return false;
  }

  /** rk_shadow_resident: bytes of shadow allocated so far (cells and page directories). */
  long allocatedBytes() {
    long n = 0;
    for (ShadowRange r : layout.ranges()) {
      n += r.allocatedBytes();
    }
    return n;
  }
}
