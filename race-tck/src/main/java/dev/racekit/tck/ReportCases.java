package dev.racekit.tck;

import static dev.racekit.AccessType.FREE;
import static dev.racekit.AccessType.READ;
import static dev.racekit.AccessType.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceListener;
import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a report says: both stacks (the access pc, then the call sites of {@code funcEnter}, innermost first; the
 * previous one rebuilt from history as it was at the time), thread creation stacks, running or finished, stacks that
 * can no longer be restored once the history ring has wrapped, and deduplication by pc pair.
 *
 * <p>History geometry with {@code history_size=0}: a ring of 4 parts of 2048 longs; an access takes 3 longs, a function
 * entry 2, an exit 1, an epoch change (release, start) 1.
 */
public abstract class ReportCases extends MemoryCases {
  /** More distinct accesses than a history_size=0 ring holds (4 * 2048 / 3 = 2730). */
  static final int WRAPS_SMALL_RING = 4000;

  /** {@code n} reads of distinct words from {@code from}, at one pc: each one is a history event. */
  static void fill(RaceThread t, long from, int n) {
    for (int i = 0; i < n; i++) {
      t.read(from + 8L * i, 8, 0x9999);
    }
  }

  @Test
  void bothStacksAreExactInnermostFirst() {
    withChild(0x10, (s, t) -> {
      t.funcEnter(0x200);
      t.funcEnter(0x210);
      t.funcExit();
      t.funcEnter(0x220);
      t.funcEnter(0x230);
      Access earlier = make(t, WRITE, X, 8, 0x240, 0x230, 0x220, 0x200);
      s.main().funcEnter(0x100);
      s.main().funcEnter(0x110);
      assertRace(s, make(s.main(), READ, X, 8, 0x120, 0x110, 0x100), earlier);
    });
  }

  @Test
  void previousStackIsTheStackAtTheTimeOfTheAccess() {
    withChild(0x10, (s, t) -> {
      t.funcEnter(0x200);
      t.funcEnter(0x210);
      Access earlier = make(t, WRITE, X, 8, 0x220, 0x210, 0x200);
      t.funcExit();
      t.funcExit();
      t.funcEnter(0x300);
      t.write(Y, 8, 0x310);
      assertRace(s, make(s.main(), WRITE, X, 8, 0x120), earlier);
    });
  }

  @Test
  void previousStackComesFromTheEpochOfTheRecordedAccess() {
    withChild(0x10, (s, t) -> {
      t.funcEnter(0x200);
      t.write(X, 8, 0x210);
      t.funcExit();
      t.release(L1); // a new epoch: the same write again is a new access
      t.funcEnter(0x300);
      Access earlier = make(t, WRITE, X, 8, 0x310, 0x300);
      t.funcExit();
      assertRace(s, make(s.main(), WRITE, X, 8, 0x120), earlier);
    });
  }

  /**
   * Two writes of one thread in one epoch, the second narrower: only the first covers the racing byte, so the previous
   * stack is the first one's, not that of the later write to the same word.
   */
  @Test
  void previousStackIsThatOfTheAccessThatCoveredTheRacingBytes() {
    withChild(0x10, (s, t) -> {
      t.funcEnter(0x200);
      Access earlier = make(t, WRITE, X, 8, 0x210, 0x200); // bytes 0..7
      t.funcExit();
      t.funcEnter(0x300);
      t.write(X, 4, 0x310); // bytes 0..3
      t.funcExit();
      assertRace(s, make(s.main(), WRITE, X + 6, 1, 0x120), earlier);
    });
  }

  @Test
  void previousStackOfARangeAccess() {
    withChild(0x10, (s, t) -> {
      t.funcEnter(0x200);
      t.writeRange(X, 256, 0x210);
      t.funcExit();
      s.main().funcEnter(0x100);
      assertRace(s, make(s.main(), READ, X + 200, 2, 0x120, 0x100), access(t, WRITE, X + 200, 8, 0x210, 0x200));
    });
  }

  @Test
  void creationStackIsTheStartPcThenTheParentsCallSites() {
    Scenario s = open();
    s.main().funcEnter(0x100);
    s.main().funcEnter(0x110);
    RaceThread t = s.start(0x120);
    s.main().funcExit();
    RaceThread u = s.start(t, 0x220);
    t.funcEnter(0x200);
    RaceThread v = s.start(t, 0x210);
    Access earlier = make(v, WRITE, X, 8, 0x300);
    RaceReport r = assertRace(s, make(u, WRITE, X, 8, 0x310), earlier);
    assertStack(r.currentThread().creationStack(), 0x220);
    assertStack(r.previousThread().creationStack(), 0x210, 0x200);
    s.main().read(Y, 8, 0x130);
    t.write(Y, 8, 0x230);
    assertEquals(2, s.reports().size());
    RaceReport r2 = s.reports().get(1);
    assertReport(r2, RaceReport.Kind.DATA_RACE,
        access(t, WRITE, Y, 8, 0x230, 0x200), access(s.main(), READ, Y, 8, 0x130, 0x100));
    assertStack(r2.currentThread().creationStack(), 0x120, 0x110, 0x100);
    assertStack(r2.previousThread().creationStack());
  }

  @Test
  void mainThreadHasIdZeroAndNoCreationStack() {
    withChild(0x10, (s, t) -> {
      Access earlier = make(s.main(), WRITE, X, 8, 0x120);
      RaceReport r = assertRace(s, make(t, WRITE, X, 8, 0x220), earlier);
      assertEquals(0, r.previousThread().id());
      assertTrue(r.previousThread().running());
      assertStack(r.previousThread().creationStack());
      assertStack(r.currentThread().creationStack(), 0x10);
    });
  }

  @Test
  void previousThreadIsRunningUntilItEnds() {
    withThreeChildren(0x10, 0x11, 0x12, (s, a, b, c) -> {
      a.write(X, 8, 0x20);
      b.write(X, 8, 0x21);
      a.write(Y, 8, 0x22);
      a.end();
      c.write(Y, 8, 0x23);
      List<RaceReport> reports = s.reports();
      assertEquals(2, reports.size());
      assertTrue(reports.get(0).previousThread().running(), "a before its end");
      assertEquals(a.id(), reports.get(1).previousThread().id());
      assertFalse(reports.get(1).previousThread().running(), "a after its end");
      assertTrue(reports.get(1).currentThread().running());
    });
  }

  @Test
  void stackIsRestoredWhileTheHistoryHoldsIt() {
    withChild("history_size=0", 0x10, (s, t) -> {
      t.funcEnter(0x200);
      Access earlier = make(t, WRITE, X, 8, 0x210, 0x200);
      fill(t, FILL, 500);
      assertRace(s, make(s.main(), READ, X, 8, 0x120), earlier);
    });
  }

  @Test
  void stackIsNotRestoredOnceTheHistoryRingHasWrapped() {
    withChild("history_size=0", 0x10, (s, t) -> {
      t.funcEnter(0x200);
      t.write(X, 8, 0x210);
      fill(t, FILL, WRAPS_SMALL_RING);
      s.main().read(X, 8, 0x120);
      RaceReport r = s.onlyReport();
      assertEquals(RaceReport.Kind.DATA_RACE, r.kind());
      assertAccess("current", access(s.main(), READ, X, 8, 0x120), r.current());
      assertFalse(r.previous().stackRestored(), "previous stack restored: " + r.previous());
      assertStack(r.previous().stack());
      assertEquals(0, r.previous().pc());
      assertEquals(t.id(), r.previous().threadId());
      assertEquals(WRITE, r.previous().type());
      assertEquals(hex(X), hex(r.previous().address()));
      assertEquals(8, r.previous().size());
      assertTrue(s.logText().contains("Previous write at 0x" + String.format("%016x", X) + " by thread 1:\n"
          + "  [failed to restore the stack]\n"), s.logText());
    });
  }

  @Test
  void largerHistoryHoldsWhatTheSmallestLoses() {
    withChild("history_size=2", 0x10, (s, t) -> {
      t.funcEnter(0x200);
      Access earlier = make(t, WRITE, X, 8, 0x210, 0x200);
      fill(t, FILL, WRAPS_SMALL_RING);
      assertRace(s, make(s.main(), READ, X, 8, 0x120), earlier);
    });
  }

  /**
   * The previous stack is either exact or reported as not restorable, wherever the ring's part boundaries fall. The
   * sweep puts, in one run, a function exit as the first event of a part (6 longs of entries + 2 epoch changes + 680
   * accesses = 2048). Without later fillers the race is found while the part before it is the oldest (the replay runs
   * through the boundary); with 2200 fillers the part that begins with the exit is itself the oldest one left.
   */
  @Test
  void restoredStackIsExactWhenAHistoryPartBeginsWithAFunctionExit() {
    int restored = 0;
    List<String> wrong = new ArrayList<>();
    for (int after : new int[] {0, 2200}) {
      for (int releases = 0; releases < 3; releases++) {
        for (int fills = 677; fills <= 683; fills++) {
          Scenario s = open("history_size=0");
          RaceThread t = s.start(0x10);
          t.funcEnter(0x200);
          t.funcEnter(0x210);
          t.funcEnter(0x220);
          for (int i = 0; i < releases; i++) {
            t.release(L1 + i);
          }
          fill(t, FILL, fills);
          t.funcExit(); // leaves 0x220
          t.write(X, 8, 0x230);
          fill(t, FILL + (1L << 20), after);
          s.main().read(X, 8, 0x120);
          RaceReport r = s.onlyReport();
          if (r.previous().stackRestored()) {
            restored++;
            if (!hexes(r.previous().stack()).equals(hexes(new long[] {0x230, 0x210, 0x200}))) {
              wrong.add("after=" + after + " releases=" + releases + " fills=" + fills + ": "
                  + hexes(r.previous().stack()));
            }
          }
          s.close();
        }
      }
    }
    assertEquals(List.of(), wrong, "restored stacks that are not the stack of the access [0x230, 0x210, 0x200]");
    assertTrue(restored > 0, "no stack restored at all");
  }

  /**
   * The same for an epoch change (a release) as the first event of a part (2 + 3 + 681 * 3 = 2048): a write of the
   * same word after it, in the next epoch, must not be taken for the earlier write the race is about. Which of the two
   * writes is reported depends on the shadow; its size tells which one it is.
   */
  @Test
  void restoredStackIsFromTheRightEpochWhenAHistoryPartBeginsWithAnEpochChange() {
    List<String> wrong = new ArrayList<>();
    for (int fills = 678; fills <= 684; fills++) {
      Scenario s = open("history_size=0");
      RaceThread t = s.start(0x10);
      t.funcEnter(0x200);
      t.write(X, 4, 0x210); // bytes 0..3, epoch e
      fill(t, FILL, fills);
      t.release(L1); // epoch e + 1
      t.write(X, 8, 0x220); // bytes 0..7, epoch e + 1
      s.main().write(X + 1, 1, 0x120);
      RaceReport r = s.onlyReport();
      assertAccess("current", access(s.main(), WRITE, X + 1, 1, 0x120), r.current());
      long[] expected = r.previous().size() == 4 ? new long[] {0x210, 0x200} : new long[] {0x220, 0x200};
      if (!r.previous().stackRestored() || !hexes(r.previous().stack()).equals(hexes(expected))) {
        wrong.add("fills=" + fills + ": " + r.previous());
      }
      s.close();
    }
    assertEquals(List.of(), wrong, "previous stacks not restored or not those of the access");
  }

  @Test
  void samePcPairIsReportedOnce() {
    withChild(0x10, (s, t) -> {
      Access earlier = make(t, WRITE, X, 8, 0x20);
      t.write(Y, 8, 0x20);
      s.main().write(X, 8, 0x30);
      s.main().write(Y, 8, 0x30);
      assertRace(s, make(s.main(), WRITE, X, 8, 0x30), earlier);
    });
  }

  @Test
  void samePcPairInTheOtherOrderIsReportedOnce() {
    withChild(0x10, (s, t) -> {
      Access earlier = make(t, WRITE, X, 8, 0x20);
      s.main().write(X, 8, 0x30);
      s.main().write(Y, 8, 0x30);
      t.write(Y, 8, 0x20); // current 0x20, previous 0x30: the same pair the other way round
      assertRace(s, access(s.main(), WRITE, X, 8, 0x30), earlier);
    });
  }

  @Test
  void equalStacksAreReportedEachTimeWhenNotSuppressed() {
    withChild("suppress_equal_stacks=0", 0x10, (s, t) -> {
      t.write(X, 8, 0x20);
      t.write(Y, 8, 0x20);
      s.main().write(X, 8, 0x30);
      s.main().write(Y, 8, 0x30);
      List<RaceReport> reports = s.reports();
      assertEquals(2, reports.size());
      assertEquals(2, s.detector().reportCount());
      assertReport(reports.get(0), RaceReport.Kind.DATA_RACE,
          access(s.main(), WRITE, X, 8, 0x30), access(t, WRITE, X, 8, 0x20));
      assertReport(reports.get(1), RaceReport.Kind.DATA_RACE,
          access(s.main(), WRITE, Y, 8, 0x30), access(t, WRITE, Y, 8, 0x20));
    });
  }

  @Test
  void differentPcPairsAreReportedSeparately() {
    withChild(0x10, (s, t) -> {
      t.write(X, 8, 0x20);
      t.write(Y, 8, 0x21);
      s.main().write(X, 8, 0x30);
      s.main().write(Y, 8, 0x30);
      List<RaceReport> reports = s.reports();
      assertEquals(2, reports.size());
      assertEquals(2, s.detector().reportCount());
      assertReport(reports.get(1), RaceReport.Kind.DATA_RACE,
          access(s.main(), WRITE, Y, 8, 0x30), access(t, WRITE, Y, 8, 0x21));
    });
  }

  @Test
  void everyListenerGetsEachReportAndARemovedOneNoLonger() {
    Scenario s = open();
    List<RaceReport> second = new ArrayList<>();
    RaceListener listener = second::add;
    s.detector().addListener(listener);
    RaceThread t = s.start(0x10);
    t.write(X, 8, 0x20);
    s.main().write(X, 8, 0x30);
    s.detector().removeListener(listener);
    t.write(Y, 8, 0x21);
    s.main().write(Y, 8, 0x31);
    assertEquals(1, second.size());
    assertEquals(s.reports().get(0), second.get(0));
    assertEquals(2, s.reports().size());
    assertEquals(2, s.detector().reportCount());
  }

  @Test
  void theSameEventsGiveEqualReports() {
    List<List<RaceReport>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      Scenario s = open();
      RaceThread t = s.start(0x10);
      t.funcEnter(0x200);
      t.write(X + 4, 4, 0x20);
      t.free(BLOCK, 16, 0x21);
      s.main().funcEnter(0x100);
      s.main().read(X, 8, 0x30);
      s.main().read(BLOCK + 8, 8, 0x31);
      runs.add(s.reports());
      s.close();
    }
    assertEquals(2, runs.get(0).size());
    assertEquals(runs.get(0), runs.get(1));
    assertEquals(runs.get(0).hashCode(), runs.get(1).hashCode());
    assertReport(runs.get(1).get(0), RaceReport.Kind.DATA_RACE,
        new Access(0, READ, X, 8, new long[] {0x30, 0x100}), new Access(1, WRITE, X + 4, 4, new long[] {0x20, 0x200}));
    assertReport(runs.get(1).get(1), RaceReport.Kind.USE_AFTER_FREE,
        new Access(0, READ, BLOCK + 8, 8, new long[] {0x31, 0x100}),
        new Access(1, FREE, BLOCK + 8, 8, new long[] {0x21, 0x200}));
  }

  /** A symbolizer that throws costs nothing but its frames: the report is written with raw pcs and heard. */
  @Test
  void aThrowingSymbolizerDegradesToRawPcs() {
    Scenario s = open("", pc -> {
      throw new IllegalStateException("broken symbolizer");
    });
    RaceThread t = s.start(0x10);
    t.write(X, 8, 0x20);
    s.main().read(X, 8, 0x30);
    RaceReport r = s.onlyReport();
    assertReport(r, RaceReport.Kind.DATA_RACE, new Access(0, READ, X, 8, new long[] {0x30}),
        new Access(1, WRITE, X, 8, new long[] {0x20}));
    String log = s.logText();
    assertTrue(log.contains("  ??()\n      ??:0 +0x30\n"), log);
    assertTrue(log.contains("  ??()\n      ??:0 +0x20\n"), log);
  }
}
