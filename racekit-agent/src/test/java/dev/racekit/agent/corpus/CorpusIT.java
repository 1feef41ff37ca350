package dev.racekit.agent.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.racekit.agent.corpus.JvmRun.Outcome;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * Runs every corpus program (racecorpus.racy, .safe, .libs) in a fresh JVM under the packaged agent, once per backend,
 * and checks what it declares (see {@link CorpusProgram}): a racy program reports each declared race (access sites and
 * Location) and nothing else, prints {@code Found N data race(s)} and exits 66; a race-free one reports nothing and
 * exits 0. At most two programs run at a time.
 *
 * <p>Narrow a run with {@code -Dracekit.corpus.filter=<regex on the class name>} and
 * {@code -Dracekit.corpus.backends=java,jni}.
 */
class CorpusIT {
  static final List<String> ALL_BACKENDS = List.of("java", "jni", "thunk");
  static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
  static final int EXIT_RACES = 66;

  private static String java;
  private static int feature;
  private static String agentJar;
  private static Path classCache;
  private static String classPath;
  private static List<CorpusProgram> programs;
  private static ExecutorService pool;
  private static final Queue<String> SUMMARY = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void setUp() {
    agentJar = required("racekit.agent.jar");
    assertTrue(Files.isRegularFile(Path.of(agentJar)), "agent jar missing: " + agentJar + " (mvn package first)");
    classCache = Path.of(agentJar).toAbsolutePath().getParent().resolve("corpus-class-cache");
    try (Stream<Path> files = Files.exists(classCache) ? Files.walk(classCache) : Stream.empty()) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String testClasses = required("racekit.test.classes");
    java = JvmRun.testJava();
    feature = JvmRun.featureVersion(java);
    // The programs' class path: the corpus classes and the libraries the racecorpus.libs programs use.
    classPath = String.join(File.pathSeparator, testClasses,
        JvmRun.codeSource(com.github.benmanes.caffeine.cache.Caffeine.class),
        JvmRun.codeSource(com.google.common.cache.CacheBuilder.class),
        JvmRun.codeSource(com.google.common.util.concurrent.internal.InternalFutureFailureAccess.class),
        JvmRun.codeSource(org.jctools.queues.MpscArrayQueue.class),
        JvmRun.codeSource(com.fasterxml.jackson.databind.ObjectMapper.class),
        JvmRun.codeSource(com.fasterxml.jackson.core.JsonFactory.class),
        JvmRun.codeSource(com.fasterxml.jackson.annotation.JsonProperty.class),
        JvmRun.codeSource(com.lmax.disruptor.RingBuffer.class));
    String filter = System.getProperty("racekit.corpus.filter", "");
    programs = CorpusProgram.loadAll(testSources()).stream()
        .filter(p -> filter.isBlank() || p.className().matches(".*(" + filter + ").*")).toList();
    assertFalse(programs.isEmpty(), "no corpus program matches racekit.corpus.filter=" + filter);
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void tearDown() {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (!SUMMARY.isEmpty()) {
      List<String> lines = new ArrayList<>(SUMMARY);
      lines.sort(null);
      StringBuilder counts = new StringBuilder();
      for (String b : backends()) {
        counts.append(String.format(Locale.ROOT, "%n  %s: %d pass, %d fail, %d known issue,"
            + " %d skipped", b, count(lines, b, "pass"), count(lines, b, "FAIL"),
            count(lines, b, "known"), count(lines, b, "skip")));
      }
      System.out.println("[corpus] JDK " + feature + ", " + lines.size() + " runs:\n  " + String.join("\n  ", lines)
          + counts);
    }
  }

  private static long count(List<String> summaryLines, String backend, String verdict) {
    String prefix = String.format(Locale.ROOT, "%-6s ", backend);
    return summaryLines.stream().filter(l -> l.startsWith(prefix) && l.contains(" " + verdict + " ")).count();
  }

  static Path testSources() {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    return base.resolve("src/test/java");
  }

  static List<String> backends() {
    String chosen = System.getProperty("racekit.corpus.backends", "");
    return chosen.isBlank() ? ALL_BACKENDS : List.of(chosen.split(","));
  }

  @TestFactory
  Stream<DynamicContainer> corpusUnderTheAgent() {
    // Start every run now (two at a time); each dynamic test then waits for its own.
    List<DynamicContainer> containers = new ArrayList<>();
    for (String backend : backends()) {
      List<DynamicTest> tests = new ArrayList<>();
      for (CorpusProgram p : programs) {
        Future<Outcome> run = backend.equals("thunk") && feature < 25 ? null : pool.submit(() -> runUnderAgent(p, backend));
        tests.add(DynamicTest.dynamicTest(p.group() + "." + p.simpleName() + " [" + backend + "]",
            () -> check(p, backend, run)));
      }
      containers.add(DynamicContainer.dynamicContainer(backend, tests));
    }
    return containers.stream();
  }

  static Outcome runUnderAgent(CorpusProgram p, String backend) {
    // A class cache of this build's own, emptied in setUp: the first programs rewrite, the others run from it.
    List<String> options = List.of("-javaagent:" + agentJar + "=cache=" + classCache, "-Dracekit.backend=" + backend);
    return JvmRun.run(JvmRun.javaCommand(java, feature, options, classPath, p.className()), RUN_TIMEOUT);
  }

  private static void check(CorpusProgram p, String backend, Future<Outcome> run) throws Exception {
    if (run == null) {
      SUMMARY.add(String.format(Locale.ROOT, "%-6s %-45s skip (the thunk backend needs JDK 25)", backend,
          p.className()));
    }
    assumeTrue(run != null, "the thunk backend needs JDK 25 (FFM critical downcalls); this JVM is " + feature);
    Outcome o = run.get();
    String verdict = "FAIL";
    try {
      assertFalse(o.timedOut(), () -> "timed out after " + RUN_TIMEOUT + "\n" + o.describe());
      List<RaceReport> reports = RaceReport.parseAll(o.stderr());
      int found = RaceReport.foundCount(o.stderr());
      if (feature < p.requiresJdk()) {
        assertTrue(o.stdout().contains(CorpusProgram.SKIP_PREFIX), () -> "skip line expected\n" + o.describe());
        assertEquals(List.of(), reports, () -> "a skipped program reports nothing\n" + o.describe());
        assertEquals(0, o.exitCode(), () -> "exit status\n" + o.describe());
        verdict = "skip";
      } else if (p.racy()) {
        checkRacy(p, o, reports, found);
        verdict = "pass";
      } else {
        assertEquals(List.of(), reports.stream().map(RaceReport::text).toList(),
            () -> "a race-free program must report nothing\n" + o.describe());
        assertTrue(found <= 0, () -> "Found " + found + " in a race-free program\n" + o.describe());
        assertEquals(0, o.exitCode(), () -> "exit status\n" + o.describe());
        verdict = "pass";
      }
    } catch (AssertionError e) {
      CorpusProgram.KnownIssue known = p.knownIssue(backend, feature);
      if (known == null) {
        throw e;
      }
      verdict = "known";
      // Visible in the report as skipped, with the failure, rather than failing the build on a documented defect.
      throw new TestAbortedException("known agent issue: " + known.text() + "\n" + e.getMessage(), e);
    } finally {
      SUMMARY.add(String.format(Locale.ROOT, "%-6s %-45s %-5s exit %3d %6d ms", backend, p.className(), verdict,
          o.exitCode(), o.millis()));
    }
  }

  private static void checkRacy(CorpusProgram p, Outcome o, List<RaceReport> reports, int found) {
    assertFalse(reports.isEmpty(), () -> "no race reported; expected " + p.required() + "\n" + o.describe());
    for (Expectation e : p.required()) {
      assertTrue(reports.stream().anyMatch(e::matches), () -> "no report matches " + e + "; reported: "
          + summarize(reports) + "\n" + o.describe());
    }
    List<RaceReport> unexpected = reports.stream()
        .filter(r -> Stream.concat(p.required().stream(), p.allowed().stream()).noneMatch(e -> e.matches(r)))
        .toList();
    assertEquals(List.of(), summarize(unexpected), () -> "unexpected reports\n" + o.describe());
    assertEquals(reports.size(), found, () -> "the Found line counts the reports\n" + o.describe());
    assertEquals(EXIT_RACES, o.exitCode(), () -> "exit status after races\n" + o.describe());
  }

  /** Each report as "site / site | location" (access sites, and the first racecorpus frame of each stack). */
  static List<String> summarize(List<RaceReport> reports) {
    return reports.stream().map(r -> RaceReport.accessSite(r.current()) + " / " + RaceReport.accessSite(r.previous())
        + " (callers " + RaceReport.firstSiteIn(r.current(), Expectation.PROGRAM_PACKAGE) + " / "
        + RaceReport.firstSiteIn(r.previous(), Expectation.PROGRAM_PACKAGE) + ") | " + r.location())
        .collect(Collectors.toList());
  }

  private static String required(String property) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      fail("system property " + property + " is not set; run through Maven (mvn verify -pl racekit-agent)");
    }
    return v;
  }
}
