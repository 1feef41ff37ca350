package dev.racekit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.corpus.JvmRun;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A program of the test class path (with the libraries it uses) run under the packaged agent in a fresh JVM, once per
 * backend this build's test JVM can run, with its reports split into their parts. Checks what every run must show:
 * no timeout, no internal error of the agent, the exit status 66 exactly when there are reports, and the summary
 * counting them.
 */
final class ProgramUnderAgent {
  private static final Duration TIMEOUT = Duration.ofSeconds(300);
  /** A function frame of a report's stack (its file line follows, indented further). */
  private static final Pattern FRAME = Pattern.compile("(?m)^  (\\S.*)$");
  private static final Pattern LOCATION = Pattern.compile("(?m)^Location is (.*)$");

  private ProgramUnderAgent() {}

  /**
   * One report: the functions of the access's stack and of the other access's (that one empty when its stack was
   * no longer in the thread's history), and the location line's object.
   */
  record Report(String text, List<String> current, List<String> other, boolean otherRestored, String location) {}

  record Run(String backend, JvmRun.Outcome outcome, List<Report> reports) {
    String describe() {
      return backend + ":\n" + outcome.describe();
    }
  }

  /** Runs {@code main} on java, jni and thunk (thunk only on Java 25 and later) and checks each run's ending. */
  static List<Run> onEachBackend(String main, List<String> args, Class<?>... libraries) {
    String agentJar = System.getProperty("racekit.agent.jar", "");
    assertTrue(Files.isRegularFile(Path.of(agentJar)), "agent jar missing: '" + agentJar + "' (mvn package first)");
    String java = System.getProperty("racekit.test.jvm", "").isBlank()
        ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : System.getProperty("racekit.test.jvm");
    int feature = JvmRun.featureVersion(java);
    String classPath = String.join(File.pathSeparator, Stream.concat(
        Stream.of(System.getProperty("racekit.test.classes")), Stream.of(libraries).map(JvmRun::codeSource)).toList());
    List<Run> runs = new ArrayList<>();
    for (String backend : List.of("java", "jni", "thunk")) {
      if (backend.equals("thunk") && feature < 25) {
        continue; // FFM critical downcalls need Java 25
      }
      List<String> command = new ArrayList<>(JvmRun.javaCommand(java, feature,
          List.of("-javaagent:" + agentJar, "-Dracekit.backend=" + backend), classPath, main));
      command.addAll(args);
      JvmRun.Outcome o = JvmRun.run(command, TIMEOUT);
      Run run = new Run(backend, o, reports(o.stderr()));
      assertFalse(o.timedOut(), run.describe());
      assertFalse(o.stderr().contains("racekit-agent: internal error"), run.describe());
      if (run.reports().isEmpty()) {
        assertEquals(0, o.exitCode(), run.describe());
        assertFalse(o.stderr().contains("Found "), run.describe());
      } else {
        assertEquals(66, o.exitCode(), run.describe());
        assertTrue(o.stderr().contains("Found " + run.reports().size() + " data race(s)"), run.describe());
      }
      runs.add(run);
    }
    return runs;
  }

  static List<Report> reports(String stderr) {
    String[] parts = stderr.split("WARNING: DATA RACE\n", -1);
    List<Report> reports = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      String text = parts[i];
      int previous = text.indexOf("\nPrevious ");
      Matcher location = LOCATION.matcher(text);
      assertTrue(previous > 0 && location.find() && location.start() > previous,
          "a report without both accesses and a location:\n" + text);
      String other = text.substring(previous, location.start());
      reports.add(new Report(text, frames(text.substring(0, previous)), frames(other),
          !other.contains("[failed to restore the stack]"), location.group(1)));
    }
    return reports;
  }

  private static List<String> frames(String stack) {
    return FRAME.matcher(stack).results().map(r -> r.group(1)).filter(f -> !f.startsWith("[")).toList();
  }
}
