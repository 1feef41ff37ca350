package dev.racekit.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Mapped ranges and their cells (race-native/src/shadow.c; the native checks are in test_memory.c). */
class ShadowTest {
  private static final long BASE = 0x100000;
  private static final long SIZE = 0x10000;
  private static final long TOP = 0xFFFF_FFFF_FFFF_F000L; // the last page of the address space, unsigned

  private static Shadow mapped() {
    Shadow s = new Shadow();
    s.map(TOP, 0x1000);
    s.map(BASE, SIZE);
    return s;
  }

  /** Writes {@code cell} into cell {@code k} of the word holding {@code addr}, as an access would. */
  private static void put(Shadow s, long addr, int k, long cell) {
    ShadowRange r = s.find(addr);
    r.page(addr - r.base)[ShadowRange.cellIndex(addr - r.base) + k] = cell;
  }

  private static long cell(Shadow s, long addr, int k) {
    ShadowRange r = s.find(addr);
    long[] page = r.pageIfPresent(addr - r.base);
    return page == null ? 0 : page[ShadowRange.cellIndex(addr - r.base) + k];
  }

  private static boolean pagePresent(Shadow s, long addr) {
    ShadowRange r = s.find(addr);
    return r.pageIfPresent(addr - r.base) != null;
  }

  @Test
  void rangesAreSortedUnsignedAndFoundByAddress() {
    Shadow s = mapped();
    ShadowRange[] rs = s.ranges();
    assertEquals(BASE, rs[0].base);
    assertEquals(TOP, rs[1].base);
    assertSame(rs[0], s.find(BASE));
    assertSame(rs[0], s.find(BASE + SIZE - 1));
    assertNull(s.find(BASE + SIZE));
    assertNull(s.find(BASE - 1));
    assertNull(s.find(0));
    assertSame(rs[1], s.find(-1L));
    assertNull(new Shadow().find(BASE), "nothing mapped");
  }

  @Test
  void overlappingOrMisalignedRangesAreRefused() {
    Shadow s = mapped();
    assertThrows(IllegalArgumentException.class, () -> s.map(BASE + SIZE - 8, 16));
    assertThrows(IllegalArgumentException.class, () -> s.map(0x4, 8));
    s.map(BASE + SIZE, 8); // adjacent is fine
    assertNotNull(s.find(BASE + SIZE));
  }

  @Test
  void touchesMeansOverlapsAMappedByte() {
    Shadow s = mapped();
    assertTrue(s.touches(BASE - 4, 5));
    assertFalse(s.touches(BASE - 4, 4));
    assertTrue(s.touches(BASE + SIZE - 1, 100));
    assertFalse(s.touches(BASE + SIZE, 100));
    assertTrue(s.touches(-2, 2));
    assertTrue(s.touches(0, 1L << 40), "a long range around a mapped one");
    assertFalse(s.touches(BASE + SIZE, TOP - BASE - SIZE), "the gap between the two ranges");
  }

  @Test
  void cellsAreAllocatedPageByPageOnFirstTouch() {
    Shadow s = new Shadow();
    s.map(BASE, SIZE);
    long before = s.allocatedBytes();
    assertFalse(pagePresent(s, BASE + 0x2000));
    put(s, BASE + 0x2008, 1, 42);
    assertTrue(pagePresent(s, BASE + 0x2000));
    assertFalse(pagePresent(s, BASE + 0x3000));
    assertEquals(42, cell(s, BASE + 0x2008, 1));
    long page = (ShadowRange.PAGE_BYTES / 8) * Cell.CELLS_PER_WORD * 8; // 512 words of two 8-byte cells
    assertTrue(s.allocatedBytes() - before >= page, "one page of cells was allocated");
  }

  @Test
  void clearEmptiesEveryWordTheRangeTouchesAndNoOther() {
    Shadow s = mapped();
    put(s, BASE + 0xB00, 0, 11);
    put(s, BASE + 0xB38, 1, 12);
    put(s, BASE + 0xB40, 0, 13);
    put(s, BASE + 0xAF8, 0, 14);
    s.clear(BASE + 0xB04, 0x3C); // the words 0xB00..0xB38
    assertEquals(0, cell(s, BASE + 0xB00, 0));
    assertEquals(0, cell(s, BASE + 0xB38, 1));
    assertEquals(13, cell(s, BASE + 0xB40, 0));
    assertEquals(14, cell(s, BASE + 0xAF8, 0));
    s.clear(BASE, SIZE); // pages never touched stay absent
    assertFalse(pagePresent(s, BASE + 0x8000));
    s.clear(0x10, 0x100); // unmapped: nothing happens
  }

  @Test
  void markFreedLeavesOnlyTheMarkerWithTheBytesCovered() {
    Shadow s = mapped();
    long freed = Cell.FREED | Cell.stamp(1, 3);
    put(s, BASE + 0x600, 0, 21);
    put(s, BASE + 0x600, 1, 22);
    s.markFreed(BASE + 0x602, 0x10, freed); // 0x602..0x611: three words, partial at both ends
    assertEquals(freed | 0xFC, cell(s, BASE + 0x600, 0));
    assertEquals(0, cell(s, BASE + 0x600, 1));
    assertEquals(freed | 0xFF, cell(s, BASE + 0x608, 0));
    assertEquals(freed | 0x03, cell(s, BASE + 0x610, 0));
    assertEquals(0, cell(s, BASE + 0x618, 0));
  }

  @Test
  void pastThePrefixOnlyWordsWithACellGetTheMarker() {
    Shadow s = mapped();
    long freed = Cell.FREED | Cell.stamp(0, 1);
    long block = BASE + 0x4000;
    long late = block + Shadow.FREE_MARKED_PREFIX + 0x100;
    put(s, late, 1, 31);
    s.markFreed(block, 0x8000, freed);
    assertEquals(freed | 0xFF, cell(s, block, 0), "the first word, in the prefix");
    assertEquals(freed | 0xFF, cell(s, block + Shadow.FREE_MARKED_PREFIX - 8, 0), "the last word of the prefix");
    assertEquals(0, cell(s, block + Shadow.FREE_MARKED_PREFIX, 0), "past the prefix, no cell: stays empty");
    assertEquals(freed | 0xFF, cell(s, late, 0), "past the prefix, a cell: marked");
    assertEquals(0, cell(s, late, 1));
    assertFalse(pagePresent(s, block + 0x2000), "an untouched page past the prefix stays absent");
  }
}
