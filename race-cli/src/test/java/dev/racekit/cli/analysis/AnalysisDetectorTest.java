package dev.racekit.cli.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the detector calls of a replay map to analysis events: words, atomics, ranges, malloc/free, ignores, misuse. */
class AnalysisDetectorTest {
  private final List<String> races = new ArrayList<>();
  private final AnalysisDetector d = new AnalysisDetector(Analysis.create("hb",
      (var, t, kind, pc, ot, ok, opc) -> races.add(Analysis.kindName(kind) + "@" + pc + " vs "
          + Analysis.kindName(ok) + "@" + opc)), RaceOptions.defaults());
  {
    d.mapShadow(0, 1 << 20);
  }

  private final RaceThread main = d.mainThread();
  private final RaceThread a = d.startThread(main, 1);
  private final RaceThread b = d.startThread(main, 2);

  @Test
  void atomicsRaceOnlyWithPlainAccesses() {
    a.atomicWrite(0x1000, 8, 10);
    b.atomicRead(0x1000, 8, 11);
    b.atomicWrite(0x1000, 8, 12);
    assertEquals(List.of(), races);
    b.read(0x1000, 8, 13);
    a.write(0x1000, 4, 14);
    assertEquals(List.of("read@13 vs atomic write@10", "write@14 vs read@13"), races); // plain partners first
  }

  @Test
  void theBytesOfOneWordAreOneVariableAndRangesCoverEveryWord() {
    a.write(0x2001, 1, 20);
    b.write(0x2006, 2, 21);
    a.writeRange(0x3000, 17, 22); // words 0x3000, 0x3008, 0x3010
    b.read(0x3010, 8, 23);
    assertEquals(List.of("write@21 vs write@20", "read@23 vs write@22"), races);
    assertEquals(4, d.variableCount());
    assertEquals(0x3010, d.variableAddress(3));
  }

  @Test
  void mallocForgetsAndFreeWrites() {
    a.write(0x4000, 8, 30);
    b.malloc(0x4000, 16);
    b.write(0x4000, 8, 31); // fresh memory: no race with a's write
    a.read(0x4000, 8, 32); // races with b's write
    a.free(0x4000, 16, 33); // a write: races with nothing new (a's own read; b's write already reported)
    assertEquals(List.of("read@32 vs write@31", "write@33 vs write@31"), races);
  }

  @Test
  void ignoredAccessesAndSyncAreSkipped() {
    a.ignoreBegin();
    a.write(0x5000, 8, 40);
    a.ignoreEnd();
    b.write(0x5000, 8, 41);
    assertEquals(List.of(), races);
    assertThrows(IllegalStateException.class, a::ignoreEnd);
  }

  @Test
  void misuseIsRejectedLikeABackendDoes() {
    assertThrows(IllegalArgumentException.class, () -> a.read(0x6005, 4, 1));
    assertThrows(IllegalArgumentException.class, () -> a.write(0x6000, 3, 1));
    assertThrows(IllegalStateException.class, a::funcExit);
    assertThrows(IllegalStateException.class, () -> main.join(a));
    a.end();
    assertThrows(IllegalStateException.class, () -> a.read(0x6000, 8, 1));
    main.join(a);
    assertThrows(IllegalArgumentException.class, () -> main.join(main));
  }

  @Test
  void accessesOutsideTheMappedRangesAreIgnoredAndCounted() {
    a.write(0x7000_0000L, 8, 70);
    b.write(0x7000_0000L, 8, 71);
    b.writeRange(0xFFFF8, 16, 72); // one word mapped, one not
    a.read(0xFFFF8, 8, 73);
    assertEquals(List.of("read@73 vs write@72"), races);
    assertEquals(3, d.unmappedAccessCount());
  }

  @Test
  void joinOrders() {
    a.write(0x7000, 8, 50);
    a.end();
    main.join(a);
    main.write(0x7000, 8, 51);
    b.acquire(0x9000);
    b.release(0x9000);
    assertEquals(List.of(), races);
    assertEquals(0, d.reportCount());
  }

  /** WCP on sync objects used as hand-offs and semaphores rather than locks: hard edges, no error. */
  @Test
  void wcpTakesHandOffsAsHardEdges() {
    List<String> wcpRaces = new ArrayList<>();
    AnalysisDetector w = new AnalysisDetector(Analysis.create("wcp",
        (var, t, kind, pc, ot, ok, opc) -> wcpRaces.add(pc + " vs " + opc)), RaceOptions.defaults());
    w.mapShadow(0, 1 << 12);
    RaceThread m = w.mainThread();
    RaceThread x = w.startThread(m, 1);
    RaceThread y = w.startThread(m, 2);
    x.write(0x100, 8, 60);
    x.release(0x9000); // a hand-off (x never acquired it): y is ordered after it
    y.acquire(0x9000);
    y.write(0x100, 8, 61);
    x.acquire(0x9008); // a semaphore: taken by x, then by y, released by x
    y.acquire(0x9008);
    x.release(0x9008);
    y.write(0x108, 8, 62);
    y.release(0x9008);
    x.write(0x108, 8, 63);
    assertEquals(List.of("63 vs 62"), wcpRaces);
  }
}
