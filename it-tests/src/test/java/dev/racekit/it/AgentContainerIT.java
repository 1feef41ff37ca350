package dev.racekit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.racekit.it.ContainerRunner.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.DockerClientFactory;

/**
 * The Java agent in the container matrix: one racy and one race-free program of the agent's corpus (compiled for
 * Java 17) run under the packaged agent ({@code -javaagent:racekit-agent.jar}) in every image × JDK, through every
 * backend that runs there. The racy one must print its declared race (access sites and Location, read from the
 * program's {@code // EXPECT-RACE:} line) and exit 66; the race-free one must report nothing and exit 0.
 */
class AgentContainerIT {
  static final String RACY = "racecorpus.racy.Counter";
  static final String SAFE = "racecorpus.safe.SyncBlockCounter";
  static final String AGENT_MOUNT = "/it/agent/racekit-agent.jar";
  static final String CORPUS_MOUNT = "/it/corpus";
  static final int EXIT_RACES = 66;

  private static ContainerRunner runner;
  private static String skipReason;
  private static final Set<String> MISSING_IMAGES = ConcurrentHashMap.newKeySet();
  private static Map<Path, String> mounts;
  private static String[] expectedSites;
  private static String expectedLocation;

  @BeforeAll
  static void setUp() throws IOException {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      skipReason = ContainerMatrixIT.NO_DOCKER;
      System.err.println("[racekit-it] " + skipReason);
      return;
    }
    for (Target t : Target.ALL) {
      if (!ContainerRunner.imagePresent(t.image())) {
        MISSING_IMAGES.add(t.image());
      }
    }
    Path agentJar = Path.of(required("racekit.it.agentJar"));
    Path corpus = Path.of(required("racekit.it.corpusClasses"));
    Path sources = Path.of(required("racekit.it.corpusSources"));
    assertTrue(Files.isRegularFile(agentJar), agentJar + " missing: package racekit-agent first (mvn package -pl"
        + " racekit-agent -am)");
    for (String program : List.of(RACY, SAFE)) {
      Path cls = corpus.resolve(program.replace('.', '/') + ".class");
      assertTrue(Files.isRegularFile(cls), cls + " missing: racekit-agent's test classes are built at its package");
    }
    mounts = new LinkedHashMap<>();
    mounts.put(agentJar, AGENT_MOUNT);
    mounts.put(corpus, CORPUS_MOUNT);
    readRacyDeclaration(sources.resolve(RACY.replace('.', '/') + ".java"));
    runner = new ContainerRunner(Path.of(required("racekit.it.classes")), Path.of(required("racekit.it.lib")),
        Path.of(System.getProperty("java.home")));
  }

  /** {@code // EXPECT-RACE: Counter.java:11 Counter.java:11 | field racecorpus.racy.Counter.count}. */
  private static void readRacyDeclaration(Path source) throws IOException {
    String first = Files.readAllLines(source).get(0);
    Matcher m = Pattern.compile("// EXPECT-RACE: (\\S+) (\\S+) \\| (.+)").matcher(first);
    assertTrue(m.matches(), source + " should start with an EXPECT-RACE line, starts with: " + first);
    expectedSites = new String[] {m.group(1), m.group(2)};
    expectedLocation = m.group(3).trim();
  }

  record Run(Target target, String backend, String program) {
    boolean racy() {
      return program.equals(RACY);
    }

    @Override
    public String toString() {
      return target + " " + backend + " agent " + program.substring(program.indexOf('.') + 1);
    }
  }

  static Stream<Run> runs() {
    List<Run> runs = new ArrayList<>();
    for (Target t : Target.ALL) {
      for (String b : t.backends()) {
        runs.add(new Run(t, b, RACY));
        runs.add(new Run(t, b, SAFE));
      }
    }
    return runs.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void corpusProgramUnderTheAgent(Run r) {
    assumeTrue(skipReason == null, skipReason);
    assumeTrue(!MISSING_IMAGES.contains(r.target().image()),
        () -> ContainerMatrixIT.missingImageMessage(r.target().image()));
    List<String> command =
        List.of("-javaagent:" + AGENT_MOUNT, "-Dracekit.backend=" + r.backend(), "-cp", CORPUS_MOUNT, r.program());
    Outcome o = runner.runJava(r.target(), r.backend() + " agent " + r.program(), command, mounts);
    System.out.printf(Locale.ROOT, "[racekit-it] %s: exit %d in %d ms%n", r, o.exitCode(), o.elapsed().toMillis());
    // Both programs print their counter at the end; the racy one may really lose an update (count=1).
    assertTrue(o.stdout().matches("(?s).*count=" + (r.racy() ? "[12]" : "2") + "\\R.*"),
        () -> "the program runs to its end\n" + o.describe());
    List<String> reports = reports(o.stderr());
    if (r.racy()) {
      assertFalse(reports.isEmpty(), () -> "no race reported\n" + o.describe());
      for (String report : reports) {
        assertTrue(report.contains("\nLocation is " + expectedLocation + "\n"),
            () -> "Location should be " + expectedLocation + "\n" + o.describe());
        assertEquals(List.of(expectedSites[0], expectedSites[1]).stream().sorted().toList(),
            accessSites(report).stream().sorted().toList(), () -> "access sites\n" + o.describe());
      }
      assertTrue(o.stderr().contains("Found " + reports.size() + " data race(s)"),
          () -> "Found line\n" + o.describe());
      assertEquals(EXIT_RACES, o.exitCode(), () -> "exit status\n" + o.describe());
    } else {
      assertEquals(List.of(), reports, () -> "a race-free program reports nothing\n" + o.describe());
      assertEquals(0, o.exitCode(), () -> "exit status\n" + o.describe());
    }
  }

  /** The {@code WARNING: DATA RACE} blocks of stderr. */
  static List<String> reports(String stderr) {
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("(?s)==================\nWARNING: DATA RACE\n.*?==================").matcher(stderr);
    while (m.find()) {
      blocks.add(m.group());
    }
    return blocks;
  }

  /** The first frame's {@code File.java:N} under each access line ({@code Write at ...}, {@code Previous read at ...}). */
  static List<String> accessSites(String report) {
    List<String> sites = new ArrayList<>();
    List<String> lines = report.lines().toList();
    for (int i = 0; i + 2 < lines.size(); i++) {
      if (lines.get(i).matches("^(Previous )?(?i:(atomic )?(read|write)).* at 0x.*")) {
        Matcher m = Pattern.compile("^ +(\\S+\\.java:\\d+)").matcher(lines.get(i + 2));
        sites.add(m.find() ? m.group(1) : "(no frame)");
      }
    }
    return sites;
  }

  private static String required(String property) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      fail("system property " + property + " is not set; run through Maven (mvn verify -pl it-tests)");
    }
    return v;
  }
}
