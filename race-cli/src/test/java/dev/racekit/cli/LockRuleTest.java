package dev.racekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * STD lock discipline, the same on every backend: a {@code rel} of a lock the thread does not hold and an
 * {@code acq} of a lock another thread holds are errors (file:line, exit 2), skipped and counted under
 * {@code --lenient}; the holder may acquire its lock again.
 */
class LockRuleTest {
  @TempDir Path dir;

  static List<String> backends() {
    return Cli.backends();
  }

  private Path trace(String text) throws IOException {
    Path p = dir.resolve("locks.std");
    Files.writeString(p, text);
    return p;
  }

  /** T1 writes x, T0 releases a lock it never took, T1 acquires it, ... : the stray rel would order the writes. */
  private static final String STRAY_REL = """
      T0|fork(T1)|1
      T1|w(x)|2
      T1|rel(L)|3
      T0|acq(L)|4
      T0|w(x)|5
      T0|rel(L)|6
      """;

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void aStrayReleaseIsAnErrorThatNamesTheLine(String backend) throws IOException {
    Path p = trace(STRAY_REL);
    Cli r = Cli.run("replay", "--backend", backend, p.toString());
    assertEquals(2, r.exit(), r.toString());
    assertEquals("racekit replay: " + p + ":3: rel of lock L, which thread T1 does not hold (no thread holds it):"
        + " 'T1|rel(L)|3'", r.err().strip());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void underLenientTheStrayReleaseIsSkippedAndTheRaceIsFound(String backend) throws IOException {
    Cli r = Cli.run("replay", "--backend", backend, "--lenient", trace(STRAY_REL).toString());
    assertEquals(66, r.exit(), r.toString());
    assertTrue(r.out().contains("races 1 (on x)"), r.toString());
    assertTrue(r.out().contains("skipped 1 lines that did not parse; the first: "), r.toString());
    assertTrue(r.out().contains(":3: rel of lock L"), r.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void acquiringALockAnotherThreadHoldsIsAnError(String backend) throws IOException {
    Path p = trace("""
        T0|fork(T1)|1
        T0|acq(L)|2
        T1|acq(L)|3
        T1|w(x)|4
        """);
    Cli r = Cli.run("replay", "--backend", backend, p.toString());
    assertEquals(2, r.exit(), r.toString());
    assertEquals("racekit replay: " + p + ":3: acq of lock L, which thread T0 holds: 'T1|acq(L)|3'", r.err().strip());
    Path q = trace("T0|fork(T1)|1\nT0|acq(L)|2\nT1|rel(L)|3\n");
    Cli rel = Cli.run("replay", "--backend", backend, q.toString());
    assertTrue(rel.err().contains(":3: rel of lock L, which thread T1 does not hold (thread T0 does)"),
        rel.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void theHolderMayAcquireAgainAndTheLockIsFreeAfterAsManyReleases(String backend) throws IOException {
    Path p = trace("""
        T0|fork(T1)|1
        T0|acq(L)|2
        T0|acq(L)|3
        T0|w(x)|4
        T0|rel(L)|5
        T0|rel(L)|6
        T1|acq(L)|7
        T1|w(x)|8
        T1|rel(L)|9
        T1|rel(L)|10
        """);
    Cli r = Cli.run("replay", "--backend", backend, p.toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains(":10: rel of lock L, which thread T1 does not hold"), r.toString());
    Cli lenient = Cli.run("replay", "--backend", backend, "--lenient", p.toString());
    assertEquals(0, lenient.exit(), "the lock orders the writes: " + lenient);
  }
}
