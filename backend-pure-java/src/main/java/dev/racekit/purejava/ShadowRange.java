package dev.racekit.purejava;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The shadow of one mapped range: two cells per 8-byte word, in pages of 512 words allocated on first touch, so an
 * untouched range costs only its page directory (4 bytes per 4 KiB).
 */
final class ShadowRange {
  static final int CELLS_PER_WORD = 2;
  static final int PAGE_SHIFT = 12; // 4 KiB of application memory per page
  static final long PAGE_BYTES = 1L << PAGE_SHIFT;
  private static final VarHandle PAGES = MethodHandles.arrayElementVarHandle(long[][].class);

  final long base;
  final long size;
  private final long[][] pages;

  ShadowRange(long base, long size) {
    this.base = base;
    this.size = size;
    this.pages = new long[(int) ((size + (1L << PAGE_SHIFT) - 1) >>> PAGE_SHIFT)][];
  }

  /** The page that holds the cells of the word at {@code offset}, allocated if needed. */
  long[] page(long offset) {
    int p = (int) (offset >>> PAGE_SHIFT);
    long[] page = pages[p];
    return page != null ? page : allocate(p);
  }

  /** The page for {@code offset}, or null when it was never touched. */
  long[] pageIfPresent(long offset) {
    return pages[(int) (offset >>> PAGE_SHIFT)];
  }

  /** Index of the first cell of the word at {@code offset} within its page. */
  static int cellIndex(long offset) {
    return (int) ((offset & ((1L << PAGE_SHIFT) - 1)) >>> 3) * CELLS_PER_WORD;
  }

  private long[] allocate(int p) {
    long[] fresh = new long[(1 << (PAGE_SHIFT - 3)) * CELLS_PER_WORD];
    Object witness = PAGES.compareAndExchange(pages, p, (long[]) null, fresh);
    return witness == null ? fresh : (long[]) witness;
  }

  /** Bytes of shadow allocated so far, for memory accounting. */
  long allocatedBytes() {
    long n = 0;
    for (long[] page : pages) {
      if (page != null) {
        n += page.length * 8L;
      }
    }
    return n + pages.length * 4L;
  }
}
