package dev.racekit.cli.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every analysis against the brute-force {@link Oracle} on many random traces, sparse and dense: the same racy events
 * (each reported once), and for each the reported earlier access really races with it.
 */
class OracleAgreementTest {

  @Test
  void hbAgreesWithTheOracle() {
    agree("hb", 3000, 250);
  }

  @Test
  void shbAgreesWithTheOracle() {
    agree("shb", 3000, 250);
  }

  @Test
  void wcpAgreesWithTheOracle() {
    agree("wcp", 1500, 90);
  }

  /** With the section logs trimmed at every release and a small cap the main thread never fills: the same answer. */
  @Test
  void wcpWithLogsTrimmedAtEveryReleaseAgreesWithTheOracle() {
    agree("wcp-trimmed", 1500, 90);
  }

  private static void agree(String analysis, int traces, int length) {
    Random seeds = new Random(20170618L + analysis.hashCode());
    long racyTotal = 0;
    int tracesWithRaces = 0;
    for (int k = 0; k < traces; k++) {
      long seed = seeds.nextLong();
      Random rnd = new Random(seed);
      boolean dense = k % 2 == 0;
      TraceModel m = TraceModel.random(rnd, dense ? 4 : 6, dense ? 2 : 6, dense ? 1 : 3, length / 2
          + rnd.nextInt(length / 2), dense ? 60 : 30, k % 3 == 0 ? 30 : 0);
      Oracle o = new Oracle(m);
      List<BitSet> expected = switch (analysis) {
        case "hb" -> o.hbRaces(false);
        case "shb" -> o.hbRaces(true);
        default -> o.wcpRaces();
      };
      int[] partner = analysis.equals("wcp-trimmed")
          ? TraceModel.run(m, "wcp", sink -> new WcpAnalysis(sink, 1 << 20, 1))
          : TraceModel.run(m, analysis);
      int racy = 0;
      for (int i = 0; i < partner.length; i++) {
        boolean expectRacy = !expected.get(i).isEmpty();
        int p = partner[i];
        if (expectRacy != (p >= 0)) {
          throw new AssertionError(analysis + " seed " + seed + ": event " + i + " should " + (expectRacy ? "" : "not ")
              + "be racy (oracle partners " + expected.get(i) + ")\n" + m);
        }
        if (p >= 0) {
          racy++;
          if (!expected.get(i).get(p)) {
            throw new AssertionError(analysis + " seed " + seed + ": event " + i + " reported against " + p
                + ", which the oracle does not race with it (" + expected.get(i) + ")\n" + m);
          }
        }
      }
      racyTotal += racy;
      tracesWithRaces += racy > 0 ? 1 : 0;
    }
    // the random traces must exercise both answers
    assertTrue(racyTotal > traces, analysis + ": only " + racyTotal + " racy events in " + traces + " traces");
    assertTrue(tracesWithRaces < traces, analysis + ": every trace had a race");
  }

  @Test
  void aRacyEventCountsOnceAndEveryRacyVariableOnce() {
    TraceModel m = new TraceModel().fork(0, 1).fork(0, 2).w(1, 0).w(2, 0).w(0, 0).r(1, 1).w(2, 1);
    Analysis a = Analysis.create("hb", null);
    for (TraceModel.Event e : m.events) {
      switch (e.op()) {
        case FORK -> a.fork(e.thread(), e.arg());
        case READ -> a.access(e.thread(), e.arg(), false, 0);
        case WRITE -> a.access(e.thread(), e.arg(), true, 0);
        default -> throw new AssertionError();
      }
    }
    // w(2,0) races with w(1,0); w(0,0) races with both; w(2,1) with r(1,1)
    assertEquals(3, a.racyEvents());
    assertEquals(2, a.racyLocations());
  }
}
