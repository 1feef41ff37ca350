package dev.racekit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.corpus.JvmRun;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
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
  private static final Duration TIMEOUT = Duration.ofSeconds(300);
  private static final String EXPECTED = "H2Bank total=100000 rows=100";
  /** A function frame of a report's stack (its file line follows, indented further). */
  private static final Pattern FRAME = Pattern.compile("(?m)^  (\\S.*)$");
  private static final Pattern LOCATION = Pattern.compile("(?m)^Location is (.*)$");
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
  private static final List<String> KNOWN = List.of("org.h2.util.StringUtils.toUpperEnglish()",
      "org.h2.mvstore.Page.binarySearch()");

  @Test
  void h2RunsRightAndEveryReportIsOneOfItsOwnRaces() {
    String agentJar = System.getProperty("racekit.agent.jar", "");
    assertTrue(Files.isRegularFile(Path.of(agentJar)), "agent jar missing: '" + agentJar + "' (mvn package first)");
    String java = System.getProperty("racekit.test.jvm", "").isBlank()
        ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : System.getProperty("racekit.test.jvm");
    int feature = JvmRun.featureVersion(java);
    String classPath = String.join(File.pathSeparator, System.getProperty("racekit.test.classes"),
        JvmRun.codeSource(org.h2.Driver.class));
    int known = 0;
    int ran = 0;
    for (String backend : List.of("java", "jni", "thunk")) {
      if (backend.equals("thunk") && feature < 25) {
        continue; // FFM critical downcalls need Java 25
      }
      ran++;
      JvmRun.Outcome o = JvmRun.run(JvmRun.javaCommand(java, feature,
          List.of("-javaagent:" + agentJar, "-Dracekit.backend=" + backend), classPath, "realprograms.H2Bank"),
          TIMEOUT);
      String what = backend + ":\n" + o.describe();
      assertFalse(o.timedOut(), what);
      assertTrue(o.stdout().contains(EXPECTED), what);
      assertFalse(o.stderr().contains("racekit-agent: internal error"), what);
      String[] parts = o.stderr().split("WARNING: DATA RACE\n", -1);
      List<String> reports = Arrays.asList(parts).subList(1, parts.length);
      int inKnown = 0;
      for (String report : reports) {
        int previous = report.indexOf("\nPrevious ");
        int location = report.indexOf("\nLocation is ");
        assertTrue(previous > 0 && location > previous, backend + ": a report without both accesses:\n" + report);
        List<String> current = frames(report.substring(0, previous));
        String other = report.substring(previous, location);
        assertTrue(current.stream().anyMatch(f -> f.startsWith("org.h2.")),
            backend + ": a race whose access H2 did not make:\n" + report);
        assertTrue(frames(other).stream().anyMatch(f -> f.startsWith("org.h2."))
            || other.contains("[failed to restore the stack]"),
            backend + ": a race whose other access H2 did not make:\n" + report);
        Matcher m = LOCATION.matcher(report);
        assertTrue(m.find() && H2_DATA.matcher(m.group(1)).matches(),
            backend + ": a race outside H2's data:\n" + report);
        if (current.stream().anyMatch(KNOWN::contains)) {
          inKnown++;
        }
      }
      System.out.println("H2DatabaseIT " + backend + ": " + reports.size() + " report(s), " + inKnown
          + " in H2's known racy caches, exit " + o.exitCode() + ", " + o.millis() + " ms");
      known += inKnown;
      if (reports.isEmpty()) {
        assertEquals(0, o.exitCode(), what);
      } else {
        assertEquals(66, o.exitCode(), what);
        assertTrue(o.stderr().contains("Found " + reports.size() + " data race(s)"), what);
      }
    }
    Assumptions.assumeTrue(ran > 0, "no backend can run on this JVM");
    assertTrue(known > 0, "none of H2's known racy caches was reported on any backend");
  }

  private static List<String> frames(String stack) {
    return FRAME.matcher(stack).results().map(r -> r.group(1)).filter(f -> !f.startsWith("[")).toList();
  }
}
