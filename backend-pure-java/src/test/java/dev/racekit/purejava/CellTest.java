package dev.racekit.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.AccessType;
import org.junit.jupiter.api.Test;

/** Packing and reading one shadow cell (the cell helpers of race-native/src/rk_internal.h). */
class CellTest {
  @Test
  void stampKeepsSlotAndEpochApart() {
    long s = Cell.stamp(Cell.MAX_SLOTS - 1, Cell.MAX_EPOCH);
    assertEquals(Cell.MAX_SLOTS - 1, Cell.slot(s));
    assertEquals(Cell.MAX_EPOCH, Cell.epoch(s));
    long t = Cell.stamp(5, 77) | Cell.READ | 0x0F;
    assertEquals(5, Cell.slot(t));
    assertEquals(77, Cell.epoch(t));
    assertEquals(0, Cell.stamp(5, 77) & (Cell.MASK | Cell.READ | Cell.ATOMIC | Cell.FREED));
  }

  @Test
  void byteMaskCoversTheBytesOfTheAccess() {
    assertEquals(0x01, Cell.byteMask(0x1000, 1));
    assertEquals(0x80, Cell.byteMask(0x1007, 1));
    assertEquals(0x18, Cell.byteMask(0x1003, 2));
    assertEquals(0xF0, Cell.byteMask(0x1004, 4));
    assertEquals(0xFF, Cell.byteMask(0x1000, 8));
  }

  @Test
  void typeBitsAndTypeAreInverse() {
    long stamp = Cell.stamp(3, 9) | 0x0F;
    for (AccessType type : AccessType.values()) {
      assertEquals(type, Cell.type(Cell.typeBits(type) | stamp), type.name());
    }
    assertEquals(0, Cell.typeBits(AccessType.WRITE));
    assertEquals(AccessType.FREE, Cell.type(Cell.FREED | Cell.READ | Cell.ATOMIC)); // freed wins
  }

  @Test
  void alreadyRecordedWhenTheSameCellOrAWriteCoveringThisReadIsThere() {
    long stamp = Cell.stamp(2, 4);
    long write = stamp | 0xFF;
    long read = stamp | 0xFF | Cell.READ;
    assertTrue(Cell.alreadyRecorded(write, 0, write));
    assertTrue(Cell.alreadyRecorded(0, write, write));
    assertTrue(Cell.alreadyRecorded(write, 0, read), "a write of this epoch covers a read of the same bytes");
    assertFalse(Cell.alreadyRecorded(read, 0, write), "a read does not cover a write");
    assertFalse(Cell.alreadyRecorded(stamp | 0x0F, 0, write), "other bytes");
    assertFalse(Cell.alreadyRecorded(Cell.stamp(2, 3) | 0xFF, 0, write), "an earlier epoch");
    assertFalse(Cell.alreadyRecorded(write | Cell.ATOMIC, 0, read), "an atomic write does not cover a plain read");
  }
}
