package dev.racekit.tck;

import static dev.racekit.AccessType.ATOMIC_READ;
import static dev.racekit.AccessType.ATOMIC_WRITE;
import static dev.racekit.AccessType.READ;
import static dev.racekit.AccessType.WRITE;

import org.junit.jupiter.api.Test;

/**
 * Which accesses conflict: reads and writes, sizes and byte overlaps inside a word, atomics, and ranges small and
 * large. A report gives each side's address and size within the racing word: the current access as made (for a range,
 * its part in that word), the previous one from its first byte in that word.
 */
public abstract class AccessCases extends SyncCases {
  /** Two 1 MiB buffers for array copies. */
  static final long SRC = BASE + (32L << 20);
  static final long DST = BASE + (48L << 20);
  static final long MIB = 1L << 20;

  @Test
  void writeWriteRace() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(t, WRITE, X, 8, 0x22);
      assertRace(s, make(s.main(), WRITE, X, 8, 0x23), earlier);
    });
  }

  @Test
  void oneThreadNeverRacesWithItself() {
    withChild(0x21, (s, t) -> {
      t.write(X, 8, 0x22);
      t.read(X, 4, 0x23);
      t.atomicWrite(X, 8, 0x24);
      t.write(X + 3, 0x25);
      t.writeRange(X, 64, 0x26);
      t.read(X + 7, 0x27);
      assertNoRace(s);
    });
  }

  @Test
  void readThenWriteRace() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(t, READ, X, 8, 0x22);
      assertRace(s, make(s.main(), WRITE, X, 8, 0x23), earlier);
    });
  }

  @Test
  void writeThenReadRace() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(t, WRITE, X, 8, 0x22);
      assertRace(s, make(s.main(), READ, X, 8, 0x23), earlier);
    });
  }

  @Test
  void readsOnlyNeverRace() {
    withChild(0x21, (s, t) -> {
      t.read(X, 8, 0x22);
      t.readRange(Y, 64, 0x23);
      s.main().read(X, 8, 0x24);
      s.main().read(X + 5, 0x25);
      s.main().readRange(Y + 8, 8, 0x26);
      assertNoRace(s);
    });
  }

  @Test
  void oneByteAccessesRace() {
    withChild(0x21, (s, t) -> {
      t.write(X + 5, 0x22);
      s.main().read(X + 5, 0x23);
      assertRace(s, access(s.main(), READ, X + 5, 1, 0x23), access(t, WRITE, X + 5, 1, 0x22));
    });
  }

  @Test
  void partialOverlapOfSizedAccessesRaces() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(t, WRITE, X + 2, 4, 0x22); // bytes 2..5
      s.main().write(X + 4, 2, 0x23); // bytes 4..5
      assertRace(s, access(s.main(), WRITE, X + 4, 2, 0x23), earlier);
    });
  }

  @Test
  void disjointHalvesOfAWordDoNotRace() {
    withChild(0x21, (s, t) -> {
      t.write(X, 4, 0x22);
      s.main().write(X + 4, 4, 0x23);
      t.write(Y + 2, 2, 0x24); // bytes 2..3 of Y
      s.main().write(Y + 4, 2, 0x25); // bytes 4..5
      assertNoRace(s);
    });
  }

  @Test
  void adjacentBytesOfOneWordDoNotRace() {
    withTwoChildren(0x21, 0x22, (s, a, b) -> {
      a.write(X + 3, 0x23);
      b.write(X + 4, 0x24);
      s.main().write(X + 2, 0x25);
      assertNoRace(s);
    });
  }

  @Test
  void wideWriteRacesWithOneByteAtTheEndOfTheWord() {
    withChild(0x21, (s, t) -> {
      t.read(X + 7, 0x22);
      assertRace(s, make(s.main(), WRITE, X, 8, 0x23), access(t, READ, X + 7, 1, 0x22));
    });
  }

  @Test
  void neighbouringWordsDoNotRace() {
    withChild(0x21, (s, t) -> {
      t.write(X, 8, 0x22);
      s.main().write(X + 8, 8, 0x23);
      s.main().write(X - 8, 8, 0x24);
      assertNoRace(s);
    });
  }

  @Test
  void atomicWritesDoNotRaceWithEachOther() {
    withChild(0x21, (s, t) -> {
      t.atomicWrite(X, 8, 0x22);
      s.main().atomicWrite(X, 8, 0x23);
      s.main().atomicRead(X, 4, 0x24);
      t.atomicRead(X + 4, 4, 0x25);
      assertNoRace(s);
    });
  }

  @Test
  void atomicWriteRacesWithPlainWrite() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(t, ATOMIC_WRITE, X, 8, 0x22);
      assertRace(s, make(s.main(), WRITE, X, 8, 0x23), earlier);
    });
  }

  @Test
  void atomicWriteRacesWithEarlierPlainRead() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(t, READ, X, 4, 0x22);
      assertRace(s, make(s.main(), ATOMIC_WRITE, X, 4, 0x23), earlier);
    });
  }

  @Test
  void atomicReadRacesWithEarlierPlainWrite() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(t, WRITE, X, 8, 0x22);
      assertRace(s, make(s.main(), ATOMIC_READ, X, 8, 0x23), earlier);
    });
  }

  @Test
  void atomicReadDoesNotRaceWithPlainRead() {
    withChild(0x21, (s, t) -> {
      t.read(X, 8, 0x22);
      s.main().atomicRead(X, 8, 0x23);
      t.atomicRead(X, 8, 0x24);
      assertNoRace(s);
    });
  }

  @Test
  void atomicRacesWithPartlyOverlappingPlainAccess() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(t, ATOMIC_WRITE, X + 4, 4, 0x22);
      assertRace(s, make(s.main(), READ, X + 6, 1, 0x23), earlier);
    });
  }

  @Test
  void rangesOverlappingByOneByteRace() {
    withChild(0x21, (s, t) -> {
      t.writeRange(X, 100, 0x22); // X .. X+99
      s.main().writeRange(X + 99, 50, 0x23); // X+99 .. X+148
      // The racing word is X+96: t wrote its bytes 0..3, main writes from byte 3 to the end of the word.
      assertRace(s, access(s.main(), WRITE, X + 99, 5, 0x23), access(t, WRITE, X + 96, 4, 0x22));
    });
  }

  @Test
  void adjacentRangesDoNotRace() {
    withChild(0x21, (s, t) -> {
      t.writeRange(X, 100, 0x22);
      s.main().writeRange(X + 100, 50, 0x23);
      s.main().writeRange(X - 50, 50, 0x24);
      assertNoRace(s);
    });
  }

  @Test
  void sizedAccessInsideAnEarlierRangeRaces() {
    withChild(0x21, (s, t) -> {
      t.writeRange(X + 3, 10, 0x22); // X+3 .. X+12
      assertRace(s, make(s.main(), READ, X + 12, 1, 0x23), access(t, WRITE, X + 8, 5, 0x22));
    });
  }

  @Test
  void rangeOverAnEarlierSizedAccessRaces() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(t, WRITE, Y + 6, 2, 0x22);
      s.main().readRange(X, Y - X + 64, 0x23);
      assertRace(s, access(s.main(), READ, Y, 8, 0x23), earlier);
    });
  }

  @Test
  void overlappingReadRangesDoNotRace() {
    withChild(0x21, (s, t) -> {
      t.readRange(X, 4096, 0x22);
      s.main().readRange(X + 17, 4096, 0x23);
      s.main().read(X + 96, 8, 0x24);
      assertNoRace(s);
    });
  }

  @Test
  void emptyRangeTouchesNothing() {
    withChild(0x21, (s, t) -> {
      t.writeRange(X, 0, 0x22);
      s.main().writeRange(X, 8, 0x23);
      t.readRange(X, 0, 0x24);
      assertNoRace(s);
    });
  }

  /** An array copy of 1 MiB in a child, then the parent writes the destination's last byte. */
  @Test
  void largeCopyRacesAtItsLastByte() {
    withChild(0x21, (s, t) -> {
      t.readRange(SRC, MIB, 0x22);
      t.writeRange(DST, MIB, 0x23);
      assertRace(s, make(s.main(), WRITE, DST + MIB - 1, 1, 0x24), access(t, WRITE, DST + MIB - 8, 8, 0x23));
    });
  }

  @Test
  void largeCopyDoesNotRaceJustPastItsEnd() {
    withChild(0x21, (s, t) -> {
      t.readRange(SRC, MIB, 0x22);
      t.writeRange(DST, MIB, 0x23);
      s.main().write(DST + MIB, 1, 0x24);
      s.main().write(DST - 1, 1, 0x25);
      s.main().read(SRC + MIB - 1, 1, 0x26);
      assertNoRace(s);
    });
  }

  /** The racing byte was written before the copy: the copy finds it in its very last word. */
  @Test
  void largeCopyFindsARaceInItsLastWord() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(s.main(), WRITE, DST + MIB - 1, 1, 0x24);
      t.readRange(SRC, MIB, 0x22);
      t.writeRange(DST, MIB, 0x23);
      assertRace(s, access(t, WRITE, DST + MIB - 8, 8, 0x23), earlier);
    });
  }

  @Test
  void largeCopyOrderedByJoinDoesNotRace() {
    withChild(0x21, (s, t) -> {
      t.readRange(SRC, MIB, 0x22);
      t.writeRange(DST, MIB, 0x23);
      s.endAndJoin(s.main(), t);
      s.main().writeRange(DST, MIB, 0x24);
      s.main().writeRange(SRC, MIB, 0x25);
      assertNoRace(s);
    });
  }
}
