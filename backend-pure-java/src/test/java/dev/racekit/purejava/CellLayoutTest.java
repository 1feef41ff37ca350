package dev.racekit.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.AccessType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The cell layout is written down once per language: Cell.java here, the cell section of rk_internal.h (and the facts
 * racekit.h gives bindings) in the native core. Both backends must pack cells alike, so these read the C headers and
 * compare, constant by constant.
 */
class CellLayoutTest {
  private static NativeHeaders c;

  @BeforeAll
  static void readHeaders() {
    c = NativeHeaders.load();
  }

  @Test
  void byteMaskAndTypeBits() {
    c.assertSame("RK_CELL_MASK", "Cell.MASK", Cell.MASK);
    c.assertSame("RK_CELL_READ", "Cell.READ", Cell.READ);
    c.assertSame("RK_CELL_ATOMIC", "Cell.ATOMIC", Cell.ATOMIC);
    c.assertSame("RK_CELL_FREED", "Cell.FREED", Cell.FREED);
  }

  @Test
  void slotAndEpochFields() {
    c.assertSame("RK_CELL_SLOT_SHIFT", "Cell.SLOT_SHIFT", Cell.SLOT_SHIFT);
    c.assertSame("RK_CELL_SLOT_BITS", "Cell.SLOT_BITS", Cell.SLOT_BITS);
    c.assertSame("RK_CELL_EPOCH_SHIFT", "Cell.EPOCH_SHIFT", Cell.EPOCH_SHIFT);
    c.assertSame("RK_MAX_EPOCH", "Cell.MAX_EPOCH", Cell.MAX_EPOCH);
    c.assertSame("RK_MAX_SLOTS", "Cell.MAX_SLOTS", Cell.MAX_SLOTS);
  }

  @Test
  void cellsPerWord() {
    c.assertSame("RK_CELLS_PER_WORD", "Cell.CELLS_PER_WORD", Cell.CELLS_PER_WORD);
    c.assertSame("RK_SHADOW_CELLS_PER_WORD", "Cell.CELLS_PER_WORD", Cell.CELLS_PER_WORD);
  }

  /** racekit.h gives bindings the bit positions; they must name the same bits. */
  @Test
  void publicBitPositions() {
    assertEquals(Cell.READ, 1L << c.value("RK_SHADOW_READ_BIT", "Cell.READ's bit"), "read bit");
    assertEquals(Cell.ATOMIC, 1L << c.value("RK_SHADOW_ATOMIC_BIT", "Cell.ATOMIC's bit"), "atomic bit");
  }

  /** Cell.type and Cell.typeBits map AccessType by ordinal to the native RK_READ.. codes, and history records them. */
  @Test
  void accessTypeCodes() {
    c.assertSame("RK_READ", "AccessType.READ.ordinal()", AccessType.READ.ordinal());
    c.assertSame("RK_WRITE", "AccessType.WRITE.ordinal()", AccessType.WRITE.ordinal());
    c.assertSame("RK_ATOMIC_READ", "AccessType.ATOMIC_READ.ordinal()", AccessType.ATOMIC_READ.ordinal());
    c.assertSame("RK_ATOMIC_WRITE", "AccessType.ATOMIC_WRITE.ordinal()", AccessType.ATOMIC_WRITE.ordinal());
    c.assertSame("RK_FREE", "AccessType.FREE.ordinal()", AccessType.FREE.ordinal());
  }

  /** The fields must tile the word without overlap: mask, flags, slot, epoch up to bit 63. */
  @Test
  void fieldsTileTheCell() {
    assertEquals(Long.bitCount(Cell.MASK), 8);
    assertEquals(Cell.READ, Cell.MASK + 1);
    assertEquals(Cell.ATOMIC, Cell.READ << 1);
    assertEquals(Cell.FREED, Cell.ATOMIC << 1);
    assertEquals(1L << Cell.SLOT_SHIFT, Cell.FREED << 1);
    assertEquals(Cell.SLOT_SHIFT + Cell.SLOT_BITS, Cell.EPOCH_SHIFT);
    long all = Cell.stamp(Cell.MAX_SLOTS - 1, Cell.MAX_EPOCH) | Cell.MASK | Cell.READ | Cell.ATOMIC | Cell.FREED;
    assertEquals(-1L, all);
  }

  @Test
  void aConstantMissingFromTheHeadersFailsNamingBothSides() {
    AssertionFailedError e =
        assertThrows(AssertionFailedError.class, () -> c.value("RK_CELL_NO_SUCH_FIELD", "Cell.NO_SUCH_FIELD"));
    assertTrue(e.getMessage().contains("RK_CELL_NO_SUCH_FIELD") && e.getMessage().contains("Cell.NO_SUCH_FIELD"),
        e.getMessage());
  }

  @Test
  void theHeaderReaderEvaluatesDerivedMacros() {
    // RK_MAX_EPOCH is ((1ull << (64 - RK_CELL_EPOCH_SHIFT)) - 1): a macro built from another one.
    assertEquals((1L << (64 - c.value("RK_CELL_EPOCH_SHIFT", "Cell.EPOCH_SHIFT"))) - 1,
        c.value("RK_MAX_EPOCH", "Cell.MAX_EPOCH"));
    assertEquals(64L << 30, c.value("RK_MAX_RANGE_SIZE", "MappedRanges.MAX_RANGE_SIZE"));
  }
}
