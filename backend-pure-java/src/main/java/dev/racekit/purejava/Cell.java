package dev.racekit.purejava;

import dev.racekit.AccessType;

/**
 * One shadow cell, packed in a long: who touched which bytes of a word, when, and how. Zero is an empty cell.
 *
 * <pre>
 * bits  0..7   byte mask within the 8-byte word
 * bit   8      read (clear: write)
 * bit   9      atomic
 * bit  10      freed (the bytes were freed; mask covers them)
 * bits 11..24  thread slot (14 bits)
 * bits 25..63  epoch of that slot (39 bits)
 * </pre>
 *
 * The native core packs cells the same way (the cell section of race-native/src/rk_internal.h), so both backends
 * decide alike; CellLayoutTest checks that the constants agree. This is the one place the layout is written down.
 */
final class Cell {
  static final long MASK = 0xFF;
  static final long READ = 1L << 8;
  static final long ATOMIC = 1L << 9;
  static final long FREED = 1L << 10;
  static final int SLOT_SHIFT = 11;
  static final int SLOT_BITS = 14;
  static final int EPOCH_SHIFT = 25;
  /** Cells per 8-byte word of application memory. */
  static final int CELLS_PER_WORD = 2;
  static final int MAX_SLOTS = 1 << SLOT_BITS;
  static final long MAX_EPOCH = (1L << (64 - EPOCH_SHIFT)) - 1;

  private Cell() {}

  static int slot(long cell) {
    return (int) (cell >>> SLOT_SHIFT) & (MAX_SLOTS - 1);
  }

  static long epoch(long cell) {
    return cell >>> EPOCH_SHIFT;
  }

  /** The slot and epoch bits of a cell, precomputed per thread. */
  static long stamp(int slot, long epoch) {
    return ((long) slot << SLOT_SHIFT) | (epoch << EPOCH_SHIFT);
  }

  /** The bytes of the word that {@code [addr, addr + size)} covers; size 1..8 within the word. */
  static long byteMask(long addr, int size) {
    return ((1L << size) - 1) << (addr & 7);
  }

  /**
   * Whether there is nothing new to record: the same access is already in a cell, or a write from this thread's
   * current epoch that covers this read.
   */
  static boolean alreadyRecorded(long c0, long c1, long cur) {
    return c0 == cur || c1 == cur || ((cur & READ) != 0 && (c0 == (cur ^ READ) || c1 == (cur ^ READ)));
  }

  static AccessType type(long cell) {
    if ((cell & FREED) != 0) {
      return AccessType.FREE;
    }
    boolean read = (cell & READ) != 0;
    if ((cell & ATOMIC) != 0) {
      return read ? AccessType.ATOMIC_READ : AccessType.ATOMIC_WRITE;
    }
    return read ? AccessType.READ : AccessType.WRITE;
  }

  static long typeBits(AccessType type) {
    switch (type) {
      case READ:
        return READ;
      case ATOMIC_READ:
        return READ | ATOMIC;
      case ATOMIC_WRITE:
        return ATOMIC;
      case FREE:
        return FREED;
      default:
        return 0;
    }
  }
}
