package dev.racekit.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.corpus.RaceReport;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real database engine under the agent: {@code realprograms.H2Bank}, four threads making transfers in an in-memory
 * H2 database, each on its own connection. H2 has deliberate data races (caches and lazily set fields written with
 * plain stores, a check of its lock's waiting queue made outside the lock, shared {@code BitSet}s cloned by several
 * threads at once, whose {@code clone()} trims the original's array), all real by the Java Memory Model and reported
 * in every run made while writing this test (the module README, "A real program: H2"). On every backend: the program
 * runs to its right result (the money is conserved); every report is made inside H2's code, and its other access was
 * made there too (or its stack was no longer in the history), and its location is H2's data (or a field of one of
 * the two JDK objects it shares without a lock), so nothing in the JDK's concurrency or in the agent's model of it
 * is reported; the exit status is 66 exactly when there are reports, with the summary counting them; and at least
 * one report names one of H2's known racy caches. Run with {@code java.util.concurrent} left uninstrumented (its
 * edges lost), the same program gets about 90 reports, among them {@code long[]} and {@code HashMap} fields.
 */
class H2DatabaseIT {
  private static final String EXPECTED = "H2Bank total=100000 rows=100";
  /**
   * Where H2's races are: its own objects and arrays (its upper-case cache is a {@code String[][]}), and the fields
   * of the two JDK objects it shares without a lock: a transaction store's {@code BitSet}s, whose {@code clone()}
   * replaces the original's array, and a table's queue of waiting sessions, whose emptiness it checks outside its
   * lock. Nothing of {@code java.util.concurrent}, the executor or what those two objects publish.
   */
  private static final Pattern H2_DATA = Pattern.compile("(static field |field |array element \\[\\d+] of )"
      + "(org\\.h2\\..*|java\\.util\\.BitSet\\.words|java\\.util\\.ArrayDeque\\.(head|tail)"
      + "|java\\.lang\\.String(\\[])+)");
  /** Two of H2's racy caches: upper-case strings in a static array, and a page's last search position. */
  private static final List<String> KNOWN = List.of("org.h2.util.StringUtils.toUpperEnglish",
      "org.h2.mvstore.Page.binarySearch");

  @Test
  void h2RunsRightAndEveryReportIsOneOfItsOwnRaces() {
    List<ProgramUnderAgent.Run> runs =
        ProgramUnderAgent.onEachBackend("realprograms.H2Bank", List.of(), org.h2.Driver.class);
    Assumptions.assumeTrue(!runs.isEmpty(), "no backend can run on this JVM");
    int known = 0;
    for (ProgramUnderAgent.Run run : runs) {
      assertTrue(run.outcome().stdout().contains(EXPECTED), run.describe());
      int inKnown = 0;
      for (RaceReport r : run.reports()) {
        ProgramUnderAgent.assertLibrarysOwnRace(run, r, "H2", "org.h2.", H2_DATA);
        if (KNOWN.stream().anyMatch(m -> ProgramUnderAgent.hasFrame(r.current(), m))) {
          inKnown++;
        }
      }
      System.out.println("H2DatabaseIT " + run.backend() + ": " + run.reports().size() + " report(s), " + inKnown
          + " in H2's known racy caches, exit " + run.outcome().exitCode() + ", " + run.outcome().millis() + " ms");
      known += inKnown;
    }
    assertTrue(known > 0, "none of H2's known racy caches was reported on any backend");
  }
}
