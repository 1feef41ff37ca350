package dev.racekit.cli.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * WCP's per-lock section logs on long traces, where they are trimmed and their clocks reused: trimming the sections
 * every live thread has passed never changes the answer, and a full log (a thread that never releases the lock)
 * can only hide races, never add one.
 */
class WcpSectionLogTest {

  /** Racy events per event index, with a given section cap (Integer.MAX_VALUE: never full). */
  private static boolean[] racy(TraceModel m, int cap) {
    boolean[] out = new boolean[m.events.size()];
    int[] at = {0};
    WcpAnalysis a = new WcpAnalysis((var, t, kind, pc, ot, ok, opc) -> out[at[0]] = true, cap);
    for (int i = 0; i < m.events.size(); i++) {
      at[0] = i;
      TraceModel.feed(a, m.events.get(i), i);
    }
    return out;
  }

  /** Workers that all take every lock often: trimming keeps the logs short and the answer the same. */
  @Test
  void trimmingPassedSectionsKeepsTheAnswer() {
    Random rnd = new Random(7);
    int differences = 0;
    int racyEvents = 0;
    for (int k = 0; k < 20; k++) {
      TraceModel m = workers(rnd, false);
      boolean[] unbounded = racy(m, Integer.MAX_VALUE);
      boolean[] trimmed = racy(m, 1 << 30);
      assertArrayEquals(unbounded, trimmed);
      boolean[] small = racy(m, 64); // the workers never lag 64 sections behind: still the same answer
      for (int i = 0; i < small.length; i++) {
        differences += small[i] != unbounded[i] ? 1 : 0;
        racyEvents += unbounded[i] ? 1 : 0;
      }
    }
    assertTrue(differences == 0, differences + " events differ with a 64-section log");
    assertTrue(racyEvents > 100, "racy events: " + racyEvents);
  }

  /** With a thread that holds back the trimming and a tiny cap, the answer only loses races. */
  @Test
  void aFullLogOnlyHidesRaces() {
    Random rnd = new Random(8);
    int lost = 0;
    int racyEvents = 0;
    for (int k = 0; k < 20; k++) {
      TraceModel m = workers(rnd, true);
      boolean[] unbounded = racy(m, Integer.MAX_VALUE);
      boolean[] capped = racy(m, 64);
      for (int i = 0; i < capped.length; i++) {
        assertTrue(!capped[i] || unbounded[i], "event " + i + " racy only with a full log");
        lost += unbounded[i] && !capped[i] ? 1 : 0;
        racyEvents += unbounded[i] ? 1 : 0;
      }
    }
    assertTrue(racyEvents > 100, "racy events: " + racyEvents + ", lost with a full log: " + lost);
  }

  /**
   * Main forks 4 workers; all five take one of 2 locks in turn (so every live thread passes the logs), access the lock's variables inside and a few shared
   * variables outside, about 5,000 sections in all; with {@code lagger}, worker 4 takes lock 0 once at the start and
   * then only lock 1, so its cursor in lock 0's log stays behind.
   */
  private static TraceModel workers(Random rnd, boolean lagger) {
    TraceModel m = new TraceModel();
    for (int w = 1; w <= 4; w++) {
      m.fork(0, w);
    }
    for (int step = 0; step < 10_000; step++) {
      int w = rnd.nextInt(5);
      int lock = lagger && w == 4 && step > 100 ? 1 : rnd.nextInt(2);
      m.acq(w, lock);
      int n = 1 + rnd.nextInt(2);
      for (int j = 0; j < n; j++) {
        int x = 2 * lock + rnd.nextInt(2);
        if (rnd.nextBoolean()) {
          m.w(w, x);
        } else {
          m.r(w, x);
        }
      }
      m.rel(w, lock);
      if (rnd.nextInt(10) == 0) {
        int y = 10 + rnd.nextInt(3);
        if (rnd.nextBoolean()) {
          m.w(w, y);
        } else {
          m.r(w, y);
        }
      }
    }
    return m;
  }
}
