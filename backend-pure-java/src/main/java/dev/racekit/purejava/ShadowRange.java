package dev.racekit.purejava;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The shadow of one mapped range (rk_range in race-native/src/shadow.c): two cells per 8-byte word, in pages of 512
 * words allocated on first touch, found through a two-level directory whose second level is allocated on first touch
 * too. Mapping a range thus costs 4 bytes per 4 MiB (16 KiB for the largest, 64 GiB), and nothing is written over it
 * until it is touched.
 */
final class ShadowRange {
  static final int PAGE_SHIFT = 12; // 4 KiB of application memory per page
  static final long PAGE_BYTES = 1L << PAGE_SHIFT;
  private static final int CHUNK_SHIFT = 10; // pages per second-level directory: 4 MiB of application memory
  private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;
  private static final VarHandle PAGES = MethodHandles.arrayElementVarHandle(long[][].class);
  private static final VarHandle CHUNKS = MethodHandles.arrayElementVarHandle(long[][][].class);

  final long base;
  final long size;
  private final long[][][] chunks;

  ShadowRange(long base, long size) {
    this.base = base;
    this.size = size;
    long pages = (size + PAGE_BYTES - 1) >>> PAGE_SHIFT;
    this.chunks = new long[(int) ((pages + CHUNK_MASK) >>> CHUNK_SHIFT)][][];
  }

  /** The first byte of a span that starts at {@code addr} and lies in this range (when the span overlaps it). */
  long firstIn(long addr) {
    return Long.compareUnsigned(addr, base) > 0 ? addr : base;
  }

  /** The last byte of a span that ends at {@code last} (inclusive) and lies in this range (when they overlap). */
  long lastIn(long last) {
    long rangeLast = base + size - 1;
    return Long.compareUnsigned(last, rangeLast) < 0 ? last : rangeLast;
  }

  /** The page that holds the cells of the word at {@code offset}, allocated if needed. */
  long[] page(long offset) {
    int p = (int) (offset >>> PAGE_SHIFT);
    long[][] chunk = chunks[p >>> CHUNK_SHIFT];
    if (chunk == null) {
      chunk = allocateChunk(p >>> CHUNK_SHIFT);
    }
    long[] page = chunk[p & CHUNK_MASK];
    return page != null ? page : allocatePage(chunk, p & CHUNK_MASK);
  }

  /** The page for {@code offset}, or null when it was never touched. */
  long[] pageIfPresent(long offset) {
    int p = (int) (offset >>> PAGE_SHIFT);
    long[][] chunk = chunks[p >>> CHUNK_SHIFT];
    return chunk == null ? null : chunk[p & CHUNK_MASK];
  }

  /**
   * The offset of the first page after the one holding {@code offset} that may have been touched: whole
   * second-level directories that were never allocated are skipped. May lie past the end of the range.
   */
  long nextPossiblyPresent(long offset) {
    int p = (int) (offset >>> PAGE_SHIFT) + 1;
    int c = p >>> CHUNK_SHIFT;
    while (c < chunks.length && chunks[c] == null) {
      c++;
      p = c << CHUNK_SHIFT;
    }
    return (long) p << PAGE_SHIFT;
  }

  /** Index of the first cell of the word at {@code offset} within its page. */
  static int cellIndex(long offset) {
    return (int) ((offset & (PAGE_BYTES - 1)) >>> 3) * Cell.CELLS_PER_WORD;
  }

  private long[][] allocateChunk(int c) {
    long[][] fresh = new long[1 << CHUNK_SHIFT][];
    Object witness = CHUNKS.compareAndExchange(chunks, c, (long[][]) null, fresh);
    return witness == null ? fresh : (long[][]) witness;
  }

  private static long[] allocatePage(long[][] chunk, int i) {
    long[] fresh = new long[(1 << (PAGE_SHIFT - 3)) * Cell.CELLS_PER_WORD];
    Object witness = PAGES.compareAndExchange(chunk, i, (long[]) null, fresh);
    return witness == null ? fresh : (long[]) witness;
  }

  /** Bytes of shadow allocated so far, for memory accounting. */
  long allocatedBytes() {
    long n = chunks.length * 4L;
    for (long[][] chunk : chunks) {
      if (chunk != null) {
        n += chunk.length * 4L;
        for (long[] page : chunk) {
          if (page != null) {
            n += page.length * 8L;
          }
        }
      }
    }
    return n;
  }
}
