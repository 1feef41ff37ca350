package dev.racekit.tck;

import static dev.racekit.AccessType.READ;
import static dev.racekit.AccessType.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceAccess;
import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import org.junit.jupiter.api.Test;

/** Happens-before through thread start, end and join: parents, children, siblings, grandchildren. */
public abstract class ThreadOrderCases extends TckBase {

  @Test
  void detectorRunsTheRequestedBackendWithTheGivenOptions() {
    Scenario s = open("history_size=3 suppress_equal_stacks=0");
    assertEquals(backendName(), s.detector().backendName());
    assertEquals(3, s.detector().options().historySize());
    assertFalse(s.detector().options().suppressEqualStacks());
    assertEquals(0, s.detector().reportCount());
    assertEquals(0, s.detector().unmappedAccessCount());
    assertFalse(s.main().isEnded());
  }

  @Test
  void parentWriteBeforeStartIsOrderedBeforeChild() {
    Scenario s = open();
    s.main().write(X, 8, 0x11);
    RaceThread t = s.start(0x12);
    t.write(X, 8, 0x13);
    assertNoRace(s);
  }

  @Test
  void parentWriteAfterStartRacesWithChild() {
    withChild(0x12, (s, t) -> {
      Access earlier = make(s.main(), WRITE, X, 8, 0x11);
      assertRace(s, make(t, WRITE, X, 8, 0x13), earlier);
    });
  }

  @Test
  void childWriteRacesWithParentReadAfterStart() {
    withChild(0x12, (s, t) -> {
      Access earlier = make(t, WRITE, X, 8, 0x13);
      assertRace(s, make(s.main(), READ, X, 8, 0x14), earlier);
    });
  }

  @Test
  void joinOrdersChildBeforeJoiner() {
    withChild(0x12, (s, t) -> {
      t.write(X, 8, 0x13);
      s.endAndJoin(s.main(), t);
      s.main().read(X, 8, 0x14);
      s.main().write(X, 8, 0x15);
      assertNoRace(s);
    });
  }

  @Test
  void endWithoutJoinDoesNotOrder() {
    withChild(0x12, (s, t) -> {
      Access earlier = make(t, WRITE, X, 8, 0x13);
      t.end();
      RaceReport r = assertRace(s, make(s.main(), WRITE, X, 8, 0x15), earlier);
      assertFalse(r.previousThread().running(), "an ended thread is finished");
    });
  }

  @Test
  void siblingsRace() {
    withTwoChildren(0x21, 0x22, (s, a, b) -> {
      Access earlier = make(a, WRITE, X, 8, 0x23);
      RaceReport r = assertRace(s, make(b, WRITE, X, 8, 0x24), earlier);
      assertTrue(r.previousThread().running(), "a thread that has not ended is running");
    });
  }

  @Test
  void siblingStartedAfterJoinOfTheOtherIsOrdered() {
    withChild(0x21, (s, a) -> {
      a.write(X, 8, 0x23);
      s.endAndJoin(s.main(), a);
      RaceThread b = s.start(0x22);
      b.write(X, 8, 0x24);
      assertNoRace(s);
    });
  }

  @Test
  void siblingsReadingOnlyDoNotRace() {
    Scenario s = open();
    s.main().write(X, 8, 0x11);
    RaceThread a = s.start(0x21);
    RaceThread b = s.start(0x22);
    RaceThread c = s.start(0x25);
    a.read(X, 8, 0x23);
    b.read(X, 8, 0x24);
    c.read(X, 4, 0x26);
    s.main().read(X, 8, 0x27);
    assertNoRace(s);
  }

  @Test
  void grandchildIsOrderedAfterWhatTheGrandparentDidBeforeStart() {
    Scenario s = open();
    s.main().write(X, 8, 0x11);
    RaceThread child = s.start(0x12);
    RaceThread grandchild = s.start(child, 0x13);
    grandchild.write(X, 8, 0x14);
    assertNoRace(s);
  }

  @Test
  void grandchildRacesWithGrandparentWriteAfterStart() {
    withChild(0x12, (s, child) -> {
      Access earlier = make(s.main(), WRITE, X, 8, 0x11);
      RaceThread grandchild = s.start(child, 0x13);
      assertRace(s, make(grandchild, WRITE, X, 8, 0x14), earlier);
    });
  }

  @Test
  void joinIsTransitive() {
    withChild(0x12, (s, child) -> {
      RaceThread grandchild = s.start(child, 0x13);
      grandchild.write(X, 8, 0x14);
      s.endAndJoin(child, grandchild);
      s.endAndJoin(s.main(), child);
      s.main().write(X, 8, 0x15);
      assertNoRace(s);
    });
  }

  @Test
  void joinWithoutTheInnerJoinRaces() {
    withChild(0x12, (s, child) -> {
      RaceThread grandchild = s.start(child, 0x13);
      Access earlier = make(grandchild, WRITE, X, 8, 0x14);
      grandchild.end();
      s.endAndJoin(s.main(), child);
      assertRace(s, make(s.main(), WRITE, X, 8, 0x15), earlier);
    });
  }

  @Test
  void childStartedBySiblingAfterItsJoinIsOrdered() {
    withTwoChildren(0x21, 0x22, (s, a, b) -> {
      RaceThread a1 = s.start(a, 0x23);
      a1.write(X, 8, 0x24);
      s.endAndJoin(b, a1); // any thread may join an ended thread
      b.write(X, 8, 0x25);
      assertNoRace(s);
    });
  }

  @Test
  void threadIdsFollowCreationOrderAndAreNeverReused() {
    Scenario s = open();
    assertEquals(0, s.main().id());
    RaceThread a = s.start(0x21);
    RaceThread b = s.start(a, 0x22);
    assertEquals(1, a.id());
    assertEquals(2, b.id());
    s.endAndJoin(a, b);
    s.endAndJoin(s.main(), a);
    RaceThread c = s.start(0x23);
    RaceThread d = s.start(0x24);
    assertEquals(3, c.id());
    assertEquals(4, d.id());
    Access earlier = make(c, WRITE, X, 8, 0x25);
    assertRace(s, make(d, WRITE, X, 8, 0x26), earlier);
  }

  @Test
  void raceWithAFinishedThreadIsNamedWhileNoOtherThreadCameAfterIt() {
    withTwoChildren(0x21, 0x22, (s, sibling, a) -> {
      Access earlier = make(a, WRITE, X, 8, 0x23);
      s.endAndJoin(s.main(), a);
      RaceReport r = assertRace(s, make(sibling, WRITE, X, 8, 0x24), earlier);
      assertEquals(2, r.previousThread().id());
      assertFalse(r.previousThread().running());
    });
  }

  /**
   * Threads that come and go after a finished thread may take over what identified it; the race is still found, and
   * its previous side is either that thread with its stack or an unknown thread without one, never another thread.
   */
  @Test
  void raceWithAFinishedThreadIsFoundAfterOtherThreadsCameAndWent() {
    withTwoChildren(0x21, 0x22, (s, sibling, a) -> {
      a.write(X, 8, 0x23);
      s.endAndJoin(s.main(), a);
      for (int i = 0; i < 3; i++) {
        RaceThread t = s.start(0x30 + i);
        t.write(Y + 8 * i, 8, 0x40 + i);
        s.endAndJoin(s.main(), t);
      }
      sibling.write(X, 8, 0x24);
      RaceReport r = s.onlyReport();
      assertAccess("current", access(sibling, WRITE, X, 8, 0x24), r.current());
      assertEquals(WRITE, r.previous().type());
      assertEquals(hex(X), hex(r.previous().address()));
      assertEquals(8, r.previous().size());
      assertEquals(r.previous().threadId(), r.previousThread().id());
      if (r.previous().threadId() == a.id()) {
        assertStack(r.previous().stack(), 0x23);
        assertFalse(r.previousThread().running());
      } else {
        assertEquals(RaceAccess.UNKNOWN_THREAD, r.previous().threadId(), "the previous thread is a or unknown");
        assertFalse(r.previous().stackRestored());
      }
    });
  }

  @Test
  void siblingStartedAfterManyJoinedThreadsStillRacesWithLiveSibling() {
    withChild(0x21, (s, live) -> {
      Access earlier = make(live, WRITE, X, 8, 0x22);
      for (int i = 0; i < 200; i++) {
        RaceThread t = s.start(0x23);
        t.write(Y, 8, 0x24);
        s.endAndJoin(s.main(), t);
      }
      RaceThread late = s.start(0x25);
      RaceReport r = assertRace(s, make(late, READ, X, 8, 0x26), earlier);
      assertEquals(201 + 1, r.currentThread().id());
    });
  }
}
