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
    Scenario s = open();
    RaceThread t = s.start(0x21);
    t.write(BLOCK + 8, 8, 0x22);
    t.read(BLOCK + 40, 4, 0x23);
    s.main().malloc(BLOCK, 64);
    s.main().write(BLOCK + 8, 8, 0x24);
    s.main().writeRange(BLOCK, 64, 0x25);
    assertNoRace(s);
  }

  @Test
  void withoutMallocTheSameAccessesRace() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    t.write(BLOCK + 8, 8, 0x22);
    s.main().malloc(BLOCK + 16, 48); // another part of the block
    s.main().write(BLOCK + 8, 8, 0x24);
    assertRace(s, access(s.main(), WRITE, BLOCK + 8, 8, 0x24), access(t, WRITE, BLOCK + 8, 8, 0x22));
  }

  @Test
  void mallocForgetsSyncObjectsInsideTheRange() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    s.main().write(X, 8, 0x22);
    s.main().release(BLOCK_LOCK);
    s.main().malloc(BLOCK, 64);
    t.acquire(BLOCK_LOCK);
    t.write(X, 8, 0x23);
    assertRace(s, access(t, WRITE, X, 8, 0x23), access(s.main(), WRITE, X, 8, 0x22));
  }

  @Test
  void mallocElsewhereKeepsSyncObjects() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    s.main().write(X, 8, 0x22);
    s.main().release(BLOCK_LOCK);
    s.main().malloc(BLOCK, 32);
    s.main().malloc(BLOCK + 40, 24);
    t.acquire(BLOCK_LOCK);
    t.write(X, 8, 0x23);
    assertNoRace(s);
  }

  // ---- free ----

  @Test
  void accessAfterAnUnorderedFreeIsAUseAfterFree() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    s.main().malloc(BLOCK, 64);
    s.main().funcEnter(0x30);
    s.main().free(BLOCK, 64, 0x22);
    t.read(BLOCK + 16, 8, 0x23);
    RaceReport r = assertUseAfterFree(s,
        access(t, READ, BLOCK + 16, 8, 0x23), access(s.main(), FREE, BLOCK + 16, 8, 0x22, 0x30));
    assertEquals(FREE, r.previous().type());
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
    t.read(BLOCK + 24, 4, 0x22);
    s.main().free(BLOCK, 64, 0x23);
    assertRace(s, access(s.main(), FREE, BLOCK + 24, 8, 0x23), access(t, READ, BLOCK + 24, 4, 0x22));
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
    Scenario s = open();
    RaceThread t = s.start(0x21);
    s.main().free(BLOCK + 2, 4, 0x22); // bytes 2..5
    t.write(BLOCK + 4, 2, 0x23);
    assertUseAfterFree(s, access(t, WRITE, BLOCK + 4, 2, 0x23), access(s.main(), FREE, BLOCK + 2, 4, 0x22));
  }

  @Test
  void accessToBytesNextToAFreedPartIsNotReported() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    s.main().free(BLOCK + 2, 4, 0x22);
    t.write(BLOCK, 2, 0x23);
    t.write(BLOCK + 6, 2, 0x24);
    t.read(BLOCK + 8, 8, 0x25);
    assertNoRace(s);
  }

  @Test
  void mallocAfterFreeMakesTheMemoryFresh() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    s.main().free(BLOCK, 64, 0x22);
    s.main().malloc(BLOCK, 64);
    t.read(BLOCK + 16, 8, 0x23);
    assertNoRace(s);
  }

  // ---- unmapped addresses ----

  @Test
  void unmappedAccessesAreIgnoredAndCounted() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    t.write(BELOW, 8, 0x22);
    s.main().write(BELOW, 8, 0x23);
    t.atomicWrite(ABOVE, 4, 0x24);
    s.main().read(ABOVE, 0x25);
    t.writeRange(ABOVE, 4096, 0x26);
    assertNoRace(s);
    assertEquals(5, s.detector().unmappedAccessCount());
  }

  @Test
  void theSameAccessesToMappedMemoryRaceAndAreNotCounted() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    t.write(X, 8, 0x22);
    s.main().write(X, 8, 0x23);
    assertRace(s, access(s.main(), WRITE, X, 8, 0x23), access(t, WRITE, X, 8, 0x22));
    assertEquals(0, s.detector().unmappedAccessCount());
  }

  @Test
  void mappedRangeBoundsAreExact() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    long end = BASE + MAP_SIZE;
    t.write(BASE - 1, 1, 0x22); // unmapped
    t.write(BASE, 1, 0x23);
    t.write(end - 1, 1, 0x24);
    t.write(end, 1, 0x25); // unmapped
    assertEquals(2, s.detector().unmappedAccessCount());
    s.main().write(BASE - 1, 1, 0x26); // unmapped
    s.main().write(end, 1, 0x27); // unmapped
    assertNoRace(s);
    s.main().write(end - 1, 1, 0x28);
    assertRace(s, access(s.main(), WRITE, end - 1, 1, 0x28), access(t, WRITE, end - 1, 1, 0x24));
    assertEquals(4, s.detector().unmappedAccessCount());
  }

  @Test
  void unmappedCountKeepsTheAccessesOfEndedThreads() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    t.read(BELOW, 8, 0x22);
    t.read(BELOW + 8, 8, 0x23);
    s.endAndJoin(s.main(), t);
    s.main().write(ABOVE, 8, 0x24);
    assertEquals(3, s.detector().unmappedAccessCount());
  }

  @Test
  void rangePartlyInsideTheMappingChecksTheMappedPart() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    t.write(BASE + 2, 1, 0x22);
    s.main().writeRange(BASE - 64, 72, 0x23); // 64 unmapped bytes, then the first mapped word
    assertRace(s, access(s.main(), WRITE, BASE, 8, 0x23), access(t, WRITE, BASE + 2, 1, 0x22));
    assertEquals(0, s.detector().unmappedAccessCount());
  }

  @Test
  void secondMappedRangeIsTrackedAndTheGapIsNot() {
    Scenario s = open();
    s.detector().mapShadow(OTHER, 4096);
    RaceThread t = s.start(0x21);
    t.write(OTHER + 8, 8, 0x22);
    t.write(OTHER - 8, 8, 0x23); // between the two ranges
    s.main().write(OTHER - 8, 8, 0x24);
    assertEquals(2, s.detector().unmappedAccessCount());
    s.main().write(OTHER + 8, 8, 0x25);
    assertRace(s, access(s.main(), WRITE, OTHER + 8, 8, 0x25), access(t, WRITE, OTHER + 8, 8, 0x22));
  }

  // ---- ignore regions ----

  @Test
  void ignoredWriteIsNotReported() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    t.ignoreBegin();
    t.write(X, 8, 0x22);
    t.ignoreEnd();
    s.main().write(X, 8, 0x23);
    assertNoRace(s);
  }

  @Test
  void theSameWriteAfterIgnoreEndIsReported() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    t.ignoreBegin();
    t.ignoreEnd();
    t.write(X, 8, 0x22);
    s.main().write(X, 8, 0x23);
    assertRace(s, access(s.main(), WRITE, X, 8, 0x23), access(t, WRITE, X, 8, 0x22));
  }

  @Test
  void ignoreRegionsNest() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    t.ignoreBegin();
    t.ignoreBegin();
    t.ignoreEnd();
    t.write(X, 8, 0x22); // still inside the outer region
    t.ignoreEnd();
    s.main().write(X, 8, 0x23);
    assertNoRace(s);
    t.write(Y, 8, 0x24);
    s.main().write(Y, 8, 0x25);
    assertRace(s, access(s.main(), WRITE, Y, 8, 0x25), access(t, WRITE, Y, 8, 0x24));
  }

  @Test
  void ignoredAccessesLeaveEarlierStateInPlace() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    t.write(X, 8, 0x22);
    s.main().ignoreBegin();
    s.main().write(X, 8, 0x23);
    s.main().writeRange(X, 64, 0x24);
    s.main().ignoreEnd();
    assertNoRace(s);
    s.main().read(X, 8, 0x25);
    assertRace(s, access(s.main(), READ, X, 8, 0x25), access(t, WRITE, X, 8, 0x22));
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
    Scenario s = open();
    RaceThread t = s.start(0x21);
    s.main().write(X, 8, 0x22);
    s.main().ignoreBegin();
    s.main().release(L1);
    s.main().ignoreEnd();
    t.acquire(L1);
    t.write(X, 8, 0x23);
    assertRace(s, access(t, WRITE, X, 8, 0x23), access(s.main(), WRITE, X, 8, 0x22));
  }

  @Test
  void releaseAfterTheIgnoreRegionSynchronizes() {
    Scenario s = open();
    RaceThread t = s.start(0x21);
    s.main().write(X, 8, 0x22);
    s.main().ignoreBegin();
    s.main().ignoreEnd();
    s.main().release(L1);
    t.acquire(L1);
    t.write(X, 8, 0x23);
    assertNoRace(s);
  }
}
