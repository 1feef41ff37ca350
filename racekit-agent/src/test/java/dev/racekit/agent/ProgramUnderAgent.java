package dev.racekit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.corpus.JvmRun;
import dev.racekit.agent.corpus.RaceReport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A program of the test class path (with the libraries it uses) run under the packaged agent in a fresh JVM, once per
 * backend this build's test JVM can run, with its reports parsed ({@link RaceReport}). Checks what every run must
 * show: no timeout, no internal error of the agent, every report with both accesses and a location, the exit status
 * 66 exactly when there are reports, and the summary counting them.
 */
final class ProgramUnderAgent {
  private static final Duration TIMEOUT = Duration.ofSeconds(300);

  private ProgramUnderAgent() {}

  record Run(String backend, JvmRun.Outcome outcome, List<RaceReport> reports) {
    String describe() {
      return backend + ":\n" + outcome.describe();
    }
  }

  /** Runs {@code main} on java, jni and thunk (thunk only on Java 25 and later) and checks each run's ending. */
  static List<Run> onEachBackend(String main, List<String> args, Class<?>... libraries) {
    return onEachBackend(main, args, List.of(), libraries);
  }

  /** {@link #onEachBackend(String, List, Class[])} with jars that are not on the test class path, too. */
  static List<Run> onEachBackend(String main, List<String> args, List<String> jars, Class<?>... libraries) {
    String agentJar = System.getProperty("racekit.agent.jar", "");
    assertTrue(Files.isRegularFile(Path.of(agentJar)), "agent jar missing: '" + agentJar + "' (mvn package first)");
    String java = JvmRun.testJava();
    int feature = JvmRun.featureVersion(java);
    String classPath = String.join(File.pathSeparator, Stream.of(
        Stream.of(System.getProperty("racekit.test.classes")), jars.stream(),
        Stream.of(libraries).map(JvmRun::codeSource)).flatMap(x -> x).toList());
    List<Run> runs = new ArrayList<>();
    for (String backend : List.of("java", "jni", "thunk")) {
      if (backend.equals("thunk") && feature < 25) {
        continue; // FFM critical downcalls need Java 25
      }
      List<String> command = new ArrayList<>(JvmRun.javaCommand(java, feature,
          List.of("-javaagent:" + agentJar, "-Dracekit.backend=" + backend), classPath, main));
      command.addAll(args);
      JvmRun.Outcome o = JvmRun.run(command, TIMEOUT);
      Run run = new Run(backend, o, RaceReport.parseAll(o.stderr()));
      assertFalse(o.timedOut(), run.describe());
      assertFalse(o.stderr().contains("racekit-agent: internal error"), run.describe());
      for (RaceReport r : run.reports()) {
        assertTrue(!r.current().isEmpty() && r.text().contains("\nPrevious ") && !r.location().isEmpty(),
            backend + ": a report without both accesses and a location:\n" + r.text());
      }
      if (run.reports().isEmpty()) {
        assertEquals(0, o.exitCode(), run.describe());
        assertEquals(-1, RaceReport.foundCount(o.stderr()), run.describe());
      } else {
        assertEquals(66, o.exitCode(), run.describe());
        assertEquals(run.reports().size(), RaceReport.foundCount(o.stderr()), run.describe());
      }
      runs.add(run);
    }
    return runs;
  }

  /**
   * Checks that a report is a race of a library's own: its access made in the library's code (a frame of a class
   * whose name starts with {@code codePrefix}), its other access too or with no stack left (that thread's history no
   * longer held it: "[failed to restore the stack]"), and its location the library's data ({@code data} matches it).
   */
  static void assertLibrarysOwnRace(Run run, RaceReport r, String library, String codePrefix, Pattern data) {
    String what = run.backend() + ": " + r.text();
    assertTrue(hasFrameIn(r.current(), codePrefix), "a race whose access " + library + " did not make, on " + what);
    assertTrue(hasFrameIn(r.previous(), codePrefix) || r.previous().isEmpty(),
        "a race whose other access " + library + " did not make, on " + what);
    assertTrue(data.matcher(r.location()).matches(), "a race outside " + library + "'s data, on " + what);
  }

  /** Whether a stack has a frame of a class whose name starts with {@code prefix}. */
  static boolean hasFrameIn(List<RaceReport.Frame> stack, String prefix) {
    return stack.stream().anyMatch(f -> f.method().startsWith(prefix));
  }

  /** Whether a stack has a frame of exactly this method ({@code package.Class.method}). */
  static boolean hasFrame(List<RaceReport.Frame> stack, String method) {
    return stack.stream().anyMatch(f -> f.method().equals(method));
  }
}
