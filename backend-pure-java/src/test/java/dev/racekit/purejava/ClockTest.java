package dev.racekit.purejava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Vector clocks (race-native/src/clock.c): missing entries are 0, join is the entrywise max, assign copies. */
class ClockTest {
  @Test
  void getIsZeroPastTheEnd() {
    long[] c = {4, 5};
    assertEquals(5, Clock.get(c, 1));
    assertEquals(0, Clock.get(c, 2));
    assertEquals(0, Clock.get(new long[0], 0));
  }

  @Test
  void joinTakesTheMaxInPlaceWhenLongEnough() {
    long[] into = {3, 1, 7};
    long[] out = Clock.join(into, new long[] {2, 6});
    assertSame(into, out);
    assertArrayEquals(new long[] {3, 6, 7}, out);
  }

  @Test
  void joinGrowsToTheLongerClockWithoutTouchingTheShorter() {
    long[] into = {3};
    long[] from = {1, 0, 9};
    long[] out = Clock.join(into, from);
    assertNotSame(into, out);
    assertArrayEquals(new long[] {3, 0, 9}, out);
    assertArrayEquals(new long[] {3}, into);
    assertArrayEquals(new long[] {1, 0, 9}, from);
  }

  @Test
  void assignCopiesSoLaterChangesDoNotLeak() {
    long[] from = {1, 2};
    long[] stored = Clock.assign(from);
    from[0] = 99;
    assertArrayEquals(new long[] {1, 2}, stored);
  }
}
