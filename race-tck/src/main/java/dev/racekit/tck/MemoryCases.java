package dev.racekit.tck;

import static dev.racekit.AccessType.FREE;
import static dev.racekit.AccessType.READ;
import static dev.racekit.AccessType.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import org.junit.jupiter.api.Test;

/**
 * Memory state: malloc clears it, free poisons it (use after free), unmapped addresses are ignored and counted, and
 * ignore regions hide a thread's accesses and synchronization.
 */
public abstract class MemoryCases extends AccessCases {
  /** A second range mapped by some cases. */
  static final long OTHER = BASE + (1L << 32);
  /** A sync object inside the mapped block, so that malloc of the block forgets it. */
  static final long BLOCK_LOCK = BLOCK + 32;

  // ---- malloc ----

  @Test
  void mallocClearsTheHistoryOfTheRange() {
    withChild(0x21, (s, t) -> {
      t.write(BLOCK + 8, 8, 0x22);
      t.read(BLOCK + 40, 4, 0x23);
      s.main().malloc(BLOCK, 64);
      s.main().write(BLOCK + 8, 8, 0x24);
      s.main().writeRange(BLOCK, 64, 0x25);
      assertNoRace(s);
    });
  }

  @Test
  void withoutMallocTheSameAccessesRace() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(t, WRITE, BLOCK + 8, 8, 0x22);
      s.main().malloc(BLOCK + 16, 48); // another part of the block
      assertRace(s, make(s.main(), WRITE, BLOCK + 8, 8, 0x24), earlier);
    });
  }

  @Test
  void mallocForgetsSyncObjectsInsideTheRange() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(s.main(), WRITE, X, 8, 0x22);
      s.main().release(BLOCK_LOCK);
      s.main().malloc(BLOCK, 64);
      t.acquire(BLOCK_LOCK);
      assertRace(s, make(t, WRITE, X, 8, 0x23), earlier);
    });
  }

  @Test
  void mallocElsewhereKeepsSyncObjects() {
    withChild(0x21, (s, t) -> {
      s.main().write(X, 8, 0x22);
      s.main().release(BLOCK_LOCK);
      s.main().malloc(BLOCK, 32);
      s.main().malloc(BLOCK + 40, 24);
      t.acquire(BLOCK_LOCK);
      t.write(X, 8, 0x23);
      assertNoRace(s);
    });
  }

  // ---- free ----

  @Test
  void accessAfterAnUnorderedFreeIsAUseAfterFree() {
    withChild(0x21, (s, t) -> {
      s.main().malloc(BLOCK, 64);
      s.main().funcEnter(0x30);
      s.main().free(BLOCK, 64, 0x22);
      t.read(BLOCK + 16, 8, 0x23);
      RaceReport r = assertUseAfterFree(s,
          access(t, READ, BLOCK + 16, 8, 0x23), access(s.main(), FREE, BLOCK + 16, 8, 0x22, 0x30));
      assertEquals(FREE, r.previous().type());
    });
  }

  @Test
  void accessOrderedAfterTheFreeIsNotReported() {
    Scenario s = open();
    s.main().malloc(BLOCK, 64);
    s.main().free(BLOCK, 64, 0x22);
    RaceThread t = s.start(0x21);
    t.read(BLOCK + 16, 8, 0x23);
    s.main().write(BLOCK, 8, 0x24); // the freeing thread itself is ordered after its free
    assertNoRace(s);
  }

  @Test
  void freeAfterJoinIsNotReported() {
    Scenario s = open();
    s.main().malloc(BLOCK, 64);
    RaceThread t = s.start(0x21);
    t.writeRange(BLOCK, 64, 0x22);
    s.endAndJoin(s.main(), t);
    s.main().free(BLOCK, 64, 0x23);
    assertNoRace(s);
  }

  @Test
  void freeRacesWithAnUnjoinedAccess() {
    Scenario s = open();
    s.main().malloc(BLOCK, 64);
    RaceThread t = s.start(0x21);
    Access earlier = make(t, READ, BLOCK + 24, 4, 0x22);
    s.main().free(BLOCK, 64, 0x23);
    assertRace(s, access(s.main(), FREE, BLOCK + 24, 8, 0x23), earlier);
  }

  @Test
  void freeInAChildJoinedBeforeTheAccessIsNotReported() {
    Scenario s = open();
    s.main().malloc(BLOCK, 64);
    RaceThread t = s.start(0x21);
    t.free(BLOCK, 64, 0x22);
    s.endAndJoin(s.main(), t);
    s.main().read(BLOCK, 8, 0x23);
    assertNoRace(s);
  }

  @Test
  void useAfterFreeOfPartOfAWord() {
    withChild(0x21, (s, t) -> {
      s.main().free(BLOCK + 2, 4, 0x22); // bytes 2..5
      assertUseAfterFree(s, make(t, WRITE, BLOCK + 4, 2, 0x23), access(s.main(), FREE, BLOCK + 2, 4, 0x22));
    });
  }

  @Test
  void accessToBytesNextToAFreedPartIsNotReported() {
    withChild(0x21, (s, t) -> {
      s.main().free(BLOCK + 2, 4, 0x22);
      t.write(BLOCK, 2, 0x23);
      t.write(BLOCK + 6, 2, 0x24);
      t.read(BLOCK + 8, 8, 0x25);
      assertNoRace(s);
    });
  }

  @Test
  void mallocAfterFreeMakesTheMemoryFresh() {
    withChild(0x21, (s, t) -> {
      s.main().free(BLOCK, 64, 0x22);
      s.main().malloc(BLOCK, 64);
      t.read(BLOCK + 16, 8, 0x23);
      assertNoRace(s);
    });
  }

  // ---- unmapped addresses ----

  @Test
  void unmappedAccessesAreIgnoredAndCounted() {
    withChild(0x21, (s, t) -> {
      t.write(BELOW, 8, 0x22);
      s.main().write(BELOW, 8, 0x23);
      t.atomicWrite(ABOVE, 4, 0x24);
      s.main().read(ABOVE, 0x25);
      t.writeRange(ABOVE, 4096, 0x26);
      assertNoRace(s);
      assertEquals(5, s.detector().unmappedAccessCount());
    });
  }

  @Test
  void theSameAccessesToMappedMemoryRaceAndAreNotCounted() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(t, WRITE, X, 8, 0x22);
      assertRace(s, make(s.main(), WRITE, X, 8, 0x23), earlier);
      assertEquals(0, s.detector().unmappedAccessCount());
    });
  }

  @Test
  void mappedRangeBoundsAreExact() {
    withChild(0x21, (s, t) -> {
      long end = BASE + MAP_SIZE;
      t.write(BASE - 1, 1, 0x22); // unmapped
      t.write(BASE, 1, 0x23);
      Access earlier = make(t, WRITE, end - 1, 1, 0x24);
      t.write(end, 1, 0x25); // unmapped
      assertEquals(2, s.detector().unmappedAccessCount());
      s.main().write(BASE - 1, 1, 0x26); // unmapped
      s.main().write(end, 1, 0x27); // unmapped
      assertNoRace(s);
      assertRace(s, make(s.main(), WRITE, end - 1, 1, 0x28), earlier);
      assertEquals(4, s.detector().unmappedAccessCount());
    });
  }

  @Test
  void unmappedCountKeepsTheAccessesOfEndedThreads() {
    withChild(0x21, (s, t) -> {
      t.read(BELOW, 8, 0x22);
      t.read(BELOW + 8, 8, 0x23);
      s.endAndJoin(s.main(), t);
      s.main().write(ABOVE, 8, 0x24);
      assertEquals(3, s.detector().unmappedAccessCount());
    });
  }

  @Test
  void rangePartlyInsideTheMappingChecksTheMappedPart() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(t, WRITE, BASE + 2, 1, 0x22);
      s.main().writeRange(BASE - 64, 72, 0x23); // 64 unmapped bytes, then the first mapped word
      assertRace(s, access(s.main(), WRITE, BASE, 8, 0x23), earlier);
      assertEquals(0, s.detector().unmappedAccessCount());
    });
  }

  @Test
  void secondMappedRangeIsTrackedAndTheGapIsNot() {
    Scenario s = open();
    s.detector().mapShadow(OTHER, 4096);
    RaceThread t = s.start(0x21);
    Access earlier = make(t, WRITE, OTHER + 8, 8, 0x22);
    t.write(OTHER - 8, 8, 0x23); // between the two ranges
    s.main().write(OTHER - 8, 8, 0x24);
    assertEquals(2, s.detector().unmappedAccessCount());
    assertRace(s, make(s.main(), WRITE, OTHER + 8, 8, 0x25), earlier);
  }

  // ---- ignore regions ----

  @Test
  void ignoredWriteIsNotReported() {
    withChild(0x21, (s, t) -> {
      t.ignoreBegin();
      t.write(X, 8, 0x22);
      t.ignoreEnd();
      s.main().write(X, 8, 0x23);
      assertNoRace(s);
    });
  }

  @Test
  void theSameWriteAfterIgnoreEndIsReported() {
    withChild(0x21, (s, t) -> {
      t.ignoreBegin();
      t.ignoreEnd();
      Access earlier = make(t, WRITE, X, 8, 0x22);
      assertRace(s, make(s.main(), WRITE, X, 8, 0x23), earlier);
    });
  }

  @Test
  void ignoreRegionsNest() {
    withChild(0x21, (s, t) -> {
      t.ignoreBegin();
      t.ignoreBegin();
      t.ignoreEnd();
      t.write(X, 8, 0x22); // still inside the outer region
      t.ignoreEnd();
      s.main().write(X, 8, 0x23);
      assertNoRace(s);
      Access earlier = make(t, WRITE, Y, 8, 0x24);
      assertRace(s, make(s.main(), WRITE, Y, 8, 0x25), earlier);
    });
  }

  @Test
  void ignoredAccessesLeaveEarlierStateInPlace() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(t, WRITE, X, 8, 0x22);
      s.main().ignoreBegin();
      s.main().write(X, 8, 0x23);
      s.main().writeRange(X, 64, 0x24);
      s.main().ignoreEnd();
      assertNoRace(s);
      assertRace(s, make(s.main(), READ, X, 8, 0x25), earlier);
    });
  }

  // ---- shadow footprint ----

  @Test
  void theShadowFootprintGrowsWithTheMemoryTouched() {
    Scenario s = open();
    long before = s.detector().shadowMemoryBytes();
    assertTrue(before >= 0, "the backend counts its shadow memory: " + before);
    long touched = 4L << 20;
    for (long a = FILL; a < FILL + touched; a += 8) {
      s.main().write(a, 8, 0x22);
    }
    long grown = s.detector().shadowMemoryBytes() - before;
    // every backend keeps two 8-byte cells per 8 application bytes, plus its page tables or slack
    assertTrue(grown >= 2 * touched && grown <= 4 * touched, "grew " + grown + " for " + touched + " bytes touched");
  }

  @Test
  void releaseInsideAnIgnoreRegionDoesNotSynchronize() {
    withChild(0x21, (s, t) -> {
      Access earlier = make(s.main(), WRITE, X, 8, 0x22);
      s.main().ignoreBegin();
      s.main().release(L1);
      s.main().ignoreEnd();
      t.acquire(L1);
      assertRace(s, make(t, WRITE, X, 8, 0x23), earlier);
    });
  }

  @Test
  void releaseAfterTheIgnoreRegionSynchronizes() {
    withChild(0x21, (s, t) -> {
      s.main().write(X, 8, 0x22);
      s.main().ignoreBegin();
      s.main().ignoreEnd();
      s.main().release(L1);
      t.acquire(L1);
      t.write(X, 8, 0x23);
      assertNoRace(s);
    });
  }
}
