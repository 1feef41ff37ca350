package dev.racekit.tck;

import static dev.racekit.AccessType.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceThread;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input: each call is rejected with a clear exception ({@link IllegalArgumentException} for malformed arguments,
 * {@link IllegalStateException} for a call at the wrong time), changes nothing, and the detector keeps working.
 */
public abstract class MisuseCases extends ScaleCases {

  static <T extends Throwable> T assertRejected(Class<T> type, Executable call) {
    T e = assertThrows(type, call);
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "the exception explains itself: " + e);
    return e;
  }

  /** A rejected access by {@code t} must not have been recorded: an unordered write to X by main does not race. */
  static void assertNothingRecorded(Scenario s) {
    s.main().write(X, 8, 0x7001);
    s.main().write(Y, 8, 0x7002);
    assertNoRace(s);
  }

  @Test
  void sizeThatIsNotOneTwoFourOrEight() {
    withChild(0x10, (s, t) -> {
      for (int size : new int[] {0, 3, 5, 6, 7, 16, -1, -24, -28, -30, -31, Integer.MIN_VALUE}) {
        IllegalArgumentException e = assertRejected(IllegalArgumentException.class, () -> t.read(X, size, 0x20));
        assertTrue(e.getMessage().contains(Integer.toString(size)), e.getMessage());
        assertRejected(IllegalArgumentException.class, () -> t.write(X, size, 0x21));
        assertRejected(IllegalArgumentException.class, () -> t.atomicRead(X, size, 0x22));
        assertRejected(IllegalArgumentException.class, () -> t.atomicWrite(X, size, 0x23));
      }
      assertNothingRecorded(s);
      assertStillDetectsRaces(s, s.main());
    });
  }

  @Test
  void accessThatCrossesAWordBoundary() {
    withChild(0x10, (s, t) -> {
      assertRejected(IllegalArgumentException.class, () -> t.write(X + 6, 4, 0x20));
      assertRejected(IllegalArgumentException.class, () -> t.write(X + 1, 8, 0x21));
      assertRejected(IllegalArgumentException.class, () -> t.read(X + 7, 2, 0x22));
      assertRejected(IllegalArgumentException.class, () -> t.atomicWrite(Y + 4, 8, 0x23));
      t.write(Z + 6, 2, 0x24); // ends exactly at the boundary: fine
      t.write(Z + 2, 4, 0x25); // unaligned inside the word: fine
      assertNothingRecorded(s);
      assertStillDetectsRaces(s, s.main());
    });
  }

  @Test
  void negativeRangeLength() {
    withChild(0x10, (s, t) -> {
      assertRejected(IllegalArgumentException.class, () -> t.readRange(X, -1, 0x20));
      assertRejected(IllegalArgumentException.class, () -> t.writeRange(X, -8, 0x21));
      assertRejected(IllegalArgumentException.class, () -> t.writeRange(X, Long.MIN_VALUE, 0x22));
      assertRejected(IllegalArgumentException.class, () -> t.malloc(X, -1));
      assertRejected(IllegalArgumentException.class, () -> t.free(X, -1, 0x23));
      assertNothingRecorded(s);
      assertStillDetectsRaces(s, s.main());
    });
  }

  @Test
  void rangeThatWrapsAroundTheAddressSpace() {
    withChild(0x10, (s, t) -> {
      assertRejected(IllegalArgumentException.class, () -> t.writeRange(-8L, 16, 0x20));
      assertRejected(IllegalArgumentException.class, () -> t.readRange(-1L, 2, 0x21));
      assertRejected(IllegalArgumentException.class, () -> t.free(-8L, 16, 0x22));
      t.readRange(-8L, 8, 0x23); // the last 8 bytes of the address space: fine (and unmapped)
      assertEquals(1, s.detector().unmappedAccessCount());
      assertStillDetectsRaces(s, s.main());
    });
  }

  @Test
  void freeOfARejectedRangeDoesNotPoisonMemory() {
    withChild(0x10, (s, t) -> {
      assertRejected(IllegalArgumentException.class, () -> t.free(BLOCK, -64, 0x20));
      s.main().read(BLOCK, 8, 0x21);
      assertNoRace(s);
    });
  }

  @Test
  void funcExitOnAnEmptyStack() {
    withChild(0x10, (s, t) -> {
      assertRejected(IllegalStateException.class, t::funcExit);
      t.funcEnter(0x30);
      t.funcExit();
      assertRejected(IllegalStateException.class, t::funcExit);
      t.funcEnter(0x31);
      Access earlier = make(t, WRITE, X, 8, 0x32, 0x31);
      assertRace(s, make(s.main(), WRITE, X, 8, 0x33), earlier);
    });
  }

  @Test
  void ignoreEndWithoutBegin() {
    withChild(0x10, (s, t) -> {
      assertRejected(IllegalStateException.class, t::ignoreEnd);
      t.ignoreBegin();
      t.ignoreEnd();
      assertRejected(IllegalStateException.class, t::ignoreEnd);
      Access earlier = make(t, WRITE, X, 8, 0x20); // tracked: the rejected ignoreEnd did not change the depth
      assertRace(s, make(s.main(), WRITE, X, 8, 0x21), earlier);
    });
  }

  @Test
  void everyCallOnAnEndedThread() {
    withTwoChildren(0x10, 0x11, (s, t, other) -> {
      other.end();
      t.end();
      assertTrue(t.isEnded());
      assertEquals(1, t.id());
      for (Consumer<RaceThread> call : allThreadCalls(other)) {
        assertRejected(IllegalStateException.class, () -> call.accept(t));
      }
      assertRejected(IllegalStateException.class, () -> s.detector().startThread(t, 0x12));
      s.main().join(t);
      s.main().join(other);
      assertStillDetectsRaces(s, s.main());
    });
  }

  static List<Consumer<RaceThread>> allThreadCalls(RaceThread endedChild) {
    return List.of(
        t -> t.read(X, 0x40),
        t -> t.write(X, 0x41),
        t -> t.read(X, 8, 0x42),
        t -> t.write(X, 8, 0x43),
        t -> t.atomicRead(X, 8, 0x44),
        t -> t.atomicWrite(X, 8, 0x45),
        t -> t.readRange(X, 64, 0x46),
        t -> t.writeRange(X, 64, 0x47),
        t -> t.funcEnter(0x48),
        RaceThread::funcExit,
        t -> t.acquire(L1),
        t -> t.release(L1),
        t -> t.releaseMerge(L1),
        RaceThread::ignoreBegin,
        RaceThread::ignoreEnd,
        t -> t.malloc(BLOCK, 64),
        t -> t.free(BLOCK, 64, 0x49),
        RaceThread::end,
        t -> t.join(endedChild));
  }

  @Test
  void endTwice() {
    withChild(0x10, (s, t) -> {
      t.write(X, 8, 0x20);
      t.end();
      assertRejected(IllegalStateException.class, t::end);
      s.main().join(t);
      s.main().write(X, 8, 0x21); // the second end changed nothing: the join still orders
      assertNoRace(s);
      assertStillDetectsRaces(s, s.main());
    });
  }

  @Test
  void joinOfARunningThread() {
    withChild(0x10, (s, t) -> {
      Access earlier = make(t, WRITE, X, 8, 0x20);
      assertRejected(IllegalStateException.class, () -> s.main().join(t));
      s.main().write(X, 8, 0x21); // the rejected join did not order t's write
      assertRace(s, access(s.main(), WRITE, X, 8, 0x21), earlier);
      t.end();
      s.main().join(t);
      assertStillDetectsRaces(s, s.main());
    });
  }

  @Test
  void joinOfItselfOrOfAThreadOfAnotherDetector() {
    Scenario s = open();
    Scenario other = open();
    RaceThread foreign = other.start(0x10);
    foreign.end();
    RaceThread t = s.start(0x11);
    assertRejected(IllegalArgumentException.class, () -> t.join(t));
    assertRejected(IllegalArgumentException.class, () -> s.main().join(foreign));
    assertRejected(IllegalArgumentException.class, () -> s.detector().startThread(other.main(), 0x12));
    assertStillDetectsRaces(s, s.main());
    assertStillDetectsRaces(other, other.main());
  }

  @Test
  void callsAfterClose() {
    withTwoChildren(0x10, 0x11, (s, t, ended) -> {
      ended.end();
      s.close();
      assertTrue(t.isEnded(), "close ends every thread");
      assertTrue(s.main().isEnded());
      assertEquals(1, t.id());
      for (Consumer<RaceThread> call : allThreadCalls(ended)) {
        assertRejected(IllegalStateException.class, () -> call.accept(t));
        assertRejected(IllegalStateException.class, () -> call.accept(s.main()));
      }
      assertRejected(IllegalStateException.class, () -> s.detector().mainThread());
      assertRejected(IllegalStateException.class, () -> s.detector().startThread(s.main(), 0x12));
      assertRejected(IllegalStateException.class, () -> s.detector().mapShadow(BASE + (1L << 33), 4096));
      s.close(); // closing twice does nothing
      Scenario fresh = open();
      assertStillDetectsRaces(fresh, fresh.main());
    });
  }

  @Test
  void mapShadowMisaligned() {
    Scenario s = open();
    long free = BASE + (1L << 33);
    assertRejected(IllegalArgumentException.class, () -> s.detector().mapShadow(free + 4, 4096));
    assertRejected(IllegalArgumentException.class, () -> s.detector().mapShadow(free, 4095));
    assertRejected(IllegalArgumentException.class, () -> s.detector().mapShadow(free, 12));
    s.main().write(free + 8, 8, 0x20); // still unmapped
    assertEquals(1, s.detector().unmappedAccessCount());
    s.detector().mapShadow(free, 8); // the smallest range
    s.main().write(free, 8, 0x21);
    assertEquals(1, s.detector().unmappedAccessCount());
    assertStillDetectsRaces(s, s.main());
  }

  @Test
  void mapShadowOfNothingTooMuchOrWrapping() {
    Scenario s = open();
    long free = BASE + (1L << 33);
    assertRejected(IllegalArgumentException.class, () -> s.detector().mapShadow(free, 0));
    assertRejected(IllegalArgumentException.class, () -> s.detector().mapShadow(free, -4096));
    assertRejected(IllegalArgumentException.class, () -> s.detector().mapShadow(free, (64L << 30) + 8));
    assertRejected(IllegalArgumentException.class, () -> s.detector().mapShadow(-4096L, 8192));
    s.main().write(free, 8, 0x20);
    assertEquals(1, s.detector().unmappedAccessCount());
    assertStillDetectsRaces(s, s.main());
  }

  @Test
  void mapShadowOverlapping() {
    Scenario s = open();
    assertRejected(IllegalArgumentException.class, () -> s.detector().mapShadow(BASE, 4096));
    assertRejected(IllegalArgumentException.class, () -> s.detector().mapShadow(BASE - 4096, 4104));
    assertRejected(IllegalArgumentException.class, () -> s.detector().mapShadow(BASE + MAP_SIZE - 8, 4096));
    assertRejected(IllegalArgumentException.class, () -> s.detector().mapShadow(BASE - 8, MAP_SIZE + 16));
    s.main().write(BASE - 8, 8, 0x20); // not mapped by the rejected calls
    s.main().write(BASE + MAP_SIZE, 8, 0x21);
    assertEquals(2, s.detector().unmappedAccessCount());
    s.detector().mapShadow(BASE + MAP_SIZE, 4096); // adjacent: fine
    s.detector().mapShadow(BASE - 4096, 4096);
    RaceThread t = s.start(0x10);
    Access earlier = make(t, WRITE, BASE - 8, 8, 0x22);
    assertRace(s, make(s.main(), WRITE, BASE - 8, 8, 0x23), earlier);
    assertEquals(2, s.detector().unmappedAccessCount());
  }

  @Test
  void mapShadowOfMoreThanSixtyFourRanges() {
    Scenario s = open(); // one range mapped already
    long at = BASE + (1L << 33);
    for (int i = 1; i < 64; i++) {
      s.detector().mapShadow(at + i * 8192L, 4096);
    }
    assertRejected(IllegalArgumentException.class, () -> s.detector().mapShadow(at + 65 * 8192L, 4096));
    s.main().write(at + 65 * 8192L, 8, 0x20);
    assertEquals(1, s.detector().unmappedAccessCount());
    RaceThread t = s.start(0x10);
    t.write(at + 63 * 8192L, 8, 0x21);
    s.main().write(at + 63 * 8192L, 8, 0x22);
    assertEquals(1, s.detector().reportCount());
    assertStillDetectsRaces(s, s.main());
  }

  @Test
  void shadowStackDeeperThanTheLimit() {
    withChild("history_size=7", 0x10, (s, t) -> {
      int limit = 1 << 20;
      for (int i = 0; i < limit; i++) {
        t.funcEnter(0x100000 + i);
      }
      assertRejected(IllegalStateException.class, () -> t.funcEnter(0x42));
      for (int i = 0; i < limit; i++) {
        t.funcExit();
      }
      assertRejected(IllegalStateException.class, t::funcExit);
      t.funcEnter(0x30);
      Access earlier = make(t, WRITE, X, 8, 0x20, 0x30);
      assertRace(s, make(s.main(), WRITE, X, 8, 0x21), earlier);
      assertStillDetectsRaces(s, s.main());
    });
  }

  @Test
  void isEndedFollowsEndAndClose() {
    withTwoChildren(0x10, 0x11, (s, t, u) -> {
      assertFalse(s.main().isEnded());
      assertFalse(t.isEnded());
      t.end();
      assertTrue(t.isEnded());
      assertFalse(u.isEnded());
      s.close();
      assertTrue(u.isEnded());
      assertTrue(s.main().isEnded());
    });
  }
}
