package dev.racekit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.corpus.JvmRun;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real program under the agent: Maven 3 (the one running this build) building and testing a two-module project in
 * parallel ({@code -T 2 package}, offline, the plugins and JUnit this build itself uses). Two races of Maven 3.8 are
 * real and known: plexus-utils' {@code ReflectionValueExtractor} (and plexus-interpolation's copy of it) keeps a
 * static {@code WeakHashMap} class cache that both builder threads read and write while configuring mojos and
 * interpolating models (the same cache, copied into Maven 4, corrupted and hung parallel builds: apache/maven issue
 * 12731), and {@code DefaultModelValidator.validateId} caches valid ids in a
 * plain {@code HashSet} of a singleton, filled by both threads while they resolve dependencies (apache/maven issue
 * 11618, a {@code ClassCastException} inside {@code HashMap} under concurrent resolution). On every backend: the build
 * and its tests still pass; every report is one of those two, so nothing else in Maven, Guice/Sisu, the resolver,
 * the compiler or surefire is reported; the exit status is 66 exactly when there are reports; and suppressing the
 * two makes the run quiet with status 0.
 *
 * <p>Whether one run shows a race depends on its schedule only through the program's other synchronization: two
 * threads that happen to meet on a lock between their two accesses order them, and then the JMM says there is no race
 * in that run. Both were reported in every run made while writing this test (the module README, "A real program");
 * the test asks for each in at least one run of the three, and for a suppressed count in the fourth.
 *
 * <p>And a developer's own test suite run by that Maven with the agent in Surefire's forked JVM ({@code -DargLine}).
 */
class RealProgramIT {
  /** plexus-utils' class and plexus-interpolation's copy of it, with the same cache. */
  private static final Pattern EXTRACTOR = Pattern.compile("(?m)^  org\\.codehaus\\.plexus\\."
      + "(util\\.introspection|interpolation\\.reflection)\\.ReflectionValueExtractor\\.");
  private static final String VALIDATOR = "org.apache.maven.model.validation.DefaultModelValidator.validateId";
  /** Maven's console resets colours even when told not to use them. */
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
  private static final Pattern LOCATION = Pattern.compile("(?m)^Location is (.*)$");
  /** Race-free test classes of eight tests each that the suite runs in parallel beside the racy one. */
  private static final int WORK_CLASSES = 3;

  @TempDir
  static Path work;

  private static Path mvn;
  private static String repo;
  private static String compilerVersion;
  private static String surefireVersion;
  private static String jarVersion;
  private static String junitVersion;

  private record Run(int exit, String output, Path project) {
    List<String> reports() {
      String[] parts = output.split("WARNING: DATA RACE\n", -1);
      return Arrays.asList(parts).subList(1, parts.length);
    }
  }

  @BeforeAll
  static void maven() {
    String home = System.getProperty("racekit.maven.home", "");
    mvn = Path.of(home, "bin", "mvn");
    Assumptions.assumeTrue(!home.isBlank() && Files.isExecutable(mvn),
        "no Maven installation to run (racekit.maven.home is '" + home + "')");
    repo = System.getProperty("racekit.maven.repo", "");
    compilerVersion = System.getProperty("racekit.maven.compiler.version", "");
    surefireVersion = System.getProperty("racekit.maven.surefire.version", "");
    jarVersion = System.getProperty("racekit.maven.jar.version", "");
    junitVersion = System.getProperty("racekit.maven.junit.version", "");
    Assumptions.assumeTrue(!repo.isBlank() && !compilerVersion.isBlank() && !surefireVersion.isBlank()
        && !jarVersion.isBlank() && !junitVersion.isBlank(), "the build passed no local repository or plugin versions");
  }

  @Test
  void mavensParallelBuildRunsAndOnlyItsTwoKnownRacesAreReported() throws Exception {
    int extractor = 0;
    int validator = 0;
    int ran = 0;
    for (String backend : List.of("java", "jni", "thunk")) {
      Run r = build(backend, List.of());
      if (r == null) {
        continue; // this backend cannot run on this JVM (the thunk backend needs Java 25)
      }
      ran++;
      String o = r.output();
      assertBuilt(r);
      List<String> reports = r.reports();
      int inExtractor = 0;
      int inValidator = 0;
      for (String report : reports) {
        String stacks = report.substring(0, Math.max(0, report.indexOf("Location is")));
        Matcher m = LOCATION.matcher(report);
        assertTrue(m.find(), report);
        if (EXTRACTOR.matcher(stacks).find()) {
          inExtractor++;
          assertTrue(m.group(1).matches("(field|array element \\[\\d+] of) (java\\.util\\.WeakHashMap\\b.*"
              + "|org\\.codehaus\\.plexus\\.(util\\.introspection|interpolation\\.reflection)\\.ClassMap\\b.*)"),
              backend + ": " + m.group(1));
        } else if (stacks.contains("  " + VALIDATOR + "()")) {
          inValidator++;
          assertTrue(m.group(1).matches("(field|array element \\[\\d+] of) java\\.util\\.HashMap\\b.*"),
              backend + ": " + m.group(1));
        } else {
          throw new AssertionError(backend + ": a report outside the two known races:\n" + report);
        }
      }
      System.out.println("RealProgramIT " + backend + ": " + reports.size() + " report(s) (" + inExtractor
          + " ReflectionValueExtractor, " + inValidator + " DefaultModelValidator), exit " + r.exit());
      extractor += inExtractor;
      validator += inValidator;
      boolean found = Pattern.compile("(?m)^Found " + reports.size() + " data race\\(s\\)$").matcher(o).find();
      if (reports.isEmpty()) {
        assertEquals(0, r.exit(), backend + ": no report, so Maven's own status\n" + o);
        assertFalse(o.contains("Found"), o);
      } else {
        assertEquals(66, r.exit(), backend + ": races found\n" + o);
        assertTrue(found, backend + ": the summary counts every report\n" + o);
      }
    }
    Assumptions.assumeTrue(ran > 0, "no backend can run on this JVM");
    assertTrue(extractor > 0, "the ReflectionValueExtractor race was reported on no backend");
    assertTrue(validator > 0, "the DefaultModelValidator race was reported on no backend");
  }

  @Test
  void suppressingTheTwoRacesLeavesMavensStatusAlone() throws Exception {
    Path rules = work.resolve("maven.supp");
    String extractorRule = "race:.ReflectionValueExtractor.";
    String validatorRule = "race:" + VALIDATOR;
    Files.writeString(rules, "# Maven 3.8's two judged races (apache/maven issues 12731 and 11618)\n" + extractorRule
        + "\n" + validatorRule + "\n");
    Run r = build(null, List.of("-Dracekit.options=suppressions=" + rules));
    assertBuilt(r);
    assertEquals(0, r.exit(), r.output());
    assertFalse(r.output().contains("DATA RACE") || r.output().contains("Found"), r.output());
    Matcher counted = Pattern.compile("(?m)^Suppressed [1-9]\\d* data race report\\(s\\) \\("
        + Pattern.quote(rules.toString()) + "\\): (.*)$").matcher(r.output());
    assertTrue(counted.find(), r.output());
    assertTrue(counted.group(1).contains(extractorRule), counted.group());
  }

  /**
   * A developer's test suite under the agent, the way the module README says to run one: {@code mvn test
   * -DargLine=-javaagent:...}, Maven itself not instrumented, Surefire's forked JVM with the agent, JUnit running
   * the test classes and methods in parallel. A racy test fails the build with its report and the summary in the
   * build's output (the tests themselves pass); the 25 race-free tests alone pass with no report. Surefire replaces
   * the fork's standard streams with its own channel and shuts it before the JVM's last hook: the summary line was
   * lost there until it went to the stream the reports use.
   */
  @Test
  void aTestSuiteFailsTheBuildOnItsRaceWithTheReportAndTheSummary() throws Exception {
    int ran = 0;
    for (String backend : List.of("java", "jni", "thunk")) {
      Run r = testSuite(backend, null);
      if (r == null) {
        continue;
      }
      ran++;
      String o = r.output();
      List<String> reports = r.reports();
      assertFalse(reports.isEmpty(), backend + ": the racy test was not reported\n" + o);
      for (String report : reports) {
        assertTrue(report.contains("  app.CounterTest.hit()\n      CounterTest.java:12 ")
            && report.indexOf("  app.CounterTest.hit()") != report.lastIndexOf("  app.CounterTest.hit()"),
            backend + ": both accesses are the counter's update\n" + report);
        Matcher m = LOCATION.matcher(report);
        assertTrue(m.find() && m.group(1).equals("static field app.CounterTest.hits"), backend + ": " + report);
      }
      assertTrue(Pattern.compile("(?m)^Found " + reports.size() + " data race\\(s\\)$").matcher(o).find(),
          backend + ": the summary reaches the build's output\n" + o);
      assertTrue(o.contains("BUILD FAILURE") || o.contains("[ERROR] Failed to execute goal"), backend + ": " + o);
      assertNotEquals(0, r.exit(), o);
      for (int n = 0; n <= WORK_CLASSES + 1; n++) {
        String test = n == 0 ? "CounterTest" : n > WORK_CLASSES ? "PoolTest" : "Work" + n + "Test";
        String tests = n == 0 || n > WORK_CLASSES ? "1" : "8";
        String xml = Files.readString(r.project().resolve("target/surefire-reports/TEST-app." + test + ".xml"));
        assertTrue(xml.contains("tests=\"" + tests + "\"") && xml.contains("failures=\"0\"")
            && xml.contains("errors=\"0\""), backend + ": " + test + " itself passes under the agent\n" + xml);
      }
    }
    Assumptions.assumeTrue(ran > 0, "no backend can run on this JVM");
    Run quiet = testSuite(null, "PoolTest,Work*Test");
    assertEquals(0, quiet.exit(), quiet.output());
    assertFalse(quiet.output().contains("DATA RACE") || quiet.output().contains("Found"), quiet.output());
  }

  /** {@code mvn test} on a one-module project whose test JVM runs the agent; null when the backend cannot run. */
  private static Run testSuite(String backend, String onlyTest) throws IOException, InterruptedException {
    String jar = agentJar();
    Path project = Files.createTempDirectory(work, "suite-" + backend);
    writeTestSuite(project);
    String argLine = "-Xshare:off -javaagent:" + jar + (backend != null ? " -Dracekit.backend=" + backend : "");
    List<String> args = new ArrayList<>(List.of("-DargLine=" + argLine));
    if (onlyTest != null) {
      args.add("-Dtest=" + onlyTest);
    }
    args.add("test");
    return runMaven(project, backend, null, args);
  }

  private static String agentJar() {
    String jar = System.getProperty("racekit.agent.jar");
    Assumptions.assumeTrue(jar != null && new File(jar).isFile(),
        "the packaged agent jar is missing: run after package");
    return jar;
  }

  /**
   * This build's Maven, offline, on {@code project} with the test JVM and {@code mavenOpts} as MAVEN_OPTS (null:
   * none, so Maven itself runs without the agent); null when the agent said the backend cannot run on that JVM.
   */
  private static Run runMaven(Path project, String backend, String mavenOpts, List<String> args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(mvn.toString(), "-B", "-o", "-q", "-Dstyle.color=never",
        "-Dmaven.repo.local=" + repo));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", testJavaHome().toString());
    pb.environment().remove("MAVEN_OPTS");
    pb.environment().remove("MAVEN_ARGS");
    if (mavenOpts != null) {
      pb.environment().put("MAVEN_OPTS", mavenOpts);
    }
    Path out = work.resolve(project.getFileName() + "-" + System.nanoTime() + ".txt");
    Process p = pb.redirectOutput(out.toFile()).start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Maven with the agent (" + backend + ", " + args + ") did not finish in 300 s");
    }
    String text = ANSI.matcher(Files.readString(out, StandardCharsets.UTF_8)).replaceAll("");
    if (text.contains("falling back to automatic selection")) {
      String why = text.lines().filter(l -> l.contains("falling back")).findFirst().orElse("");
      System.out.println("RealProgramIT " + backend + " cannot run on this JVM: " + why);
      return null;
    }
    return new Run(p.exitValue(), text, project);
  }

  private static Path testJavaHome() {
    return Path.of(JvmRun.testJava()).getParent().getParent();
  }

  /**
   * A racy test (two threads bump a static counter; line 12 is the update), race-free ones (an executor, a
   * ConcurrentHashMap and a parallel stream; each test class's own collections, shared atomics, futures, formatting),
   * all run in parallel by JUnit, and the meeting point that forces the race on every schedule: the agent never
   * instruments {@code dev.racekit.**}, so the two threads meet there unseen, as in the corpus.
   */
  private static void writeTestSuite(Path dir) throws IOException {
    Files.writeString(dir.resolve("pom.xml"), pom("<artifactId>suite</artifactId><version>1</version>", ""));
    Path app = Files.createDirectories(dir.resolve("src/test/java/app"));
    Path meet = Files.createDirectories(dir.resolve("src/test/java/dev/racekit/it"));
    Files.writeString(meet.resolve("Meet.java"), """
        package dev.racekit.it;

        public final class Meet {
          private volatile boolean first;
          private volatile boolean second;

          public Meet() {
            System.nanoTime();
            Thread.onSpinWait();
          }

          public void arriveAndAwait(int party) {
            if (party == 0) {
              first = true;
            } else {
              second = true;
            }
            while (!(first && second)) {
              Thread.onSpinWait();
            }
          }
        }
        """);
    Files.writeString(app.resolve("CounterTest.java"), """
        package app;

        import static org.junit.jupiter.api.Assertions.assertTrue;

        import dev.racekit.it.Meet;
        import org.junit.jupiter.api.Test;

        class CounterTest {
          static int hits;

          static void hit() {
            hits++;
          }

          @Test
          void twoThreadsCountWithoutALock() throws InterruptedException {
            Meet meet = new Meet();
            Thread worker = new Thread(() -> {
              hit();
              meet.arriveAndAwait(1);
            }, "counter");
            worker.start();
            hit();
            meet.arriveAndAwait(0);
            worker.join();
            assertTrue(hits >= 1);
          }
        }
        """);
    // JUnit runs the classes and their methods in parallel (its fork/join pool), as a large suite would.
    Path resources = Files.createDirectories(dir.resolve("src/test/resources"));
    Files.writeString(resources.resolve("junit-platform.properties"), """
        junit.jupiter.execution.parallel.enabled=true
        junit.jupiter.execution.parallel.mode.default=concurrent
        junit.jupiter.execution.parallel.mode.classes.default=concurrent
        """);
    for (int n = 1; n <= WORK_CLASSES; n++) {
      Files.writeString(app.resolve("Work" + n + "Test.java"), """
          package app;

          import static org.junit.jupiter.api.Assertions.assertEquals;

          import java.util.ArrayList;
          import java.util.HashMap;
          import java.util.List;
          import java.util.Map;
          import java.util.concurrent.CompletableFuture;
          import java.util.concurrent.ConcurrentHashMap;
          import java.util.concurrent.atomic.AtomicInteger;
          import java.util.stream.IntStream;
          import org.junit.jupiter.api.RepeatedTest;
          import org.junit.jupiter.api.Test;

          class WorkNUMTest {
            private final Map<String, Integer> own = new HashMap<>();
            private static final ConcurrentHashMap<Integer, AtomicInteger> SHARED = new ConcurrentHashMap<>();

            @RepeatedTest(5)
            void ownCollections() {
              List<Integer> xs = new ArrayList<>();
              for (int i = 0; i < 100; i++) {
                xs.add(i);
                own.merge("k" + (i % 7), i, Integer::sum);
              }
              assertEquals(4950, xs.stream().mapToInt(Integer::intValue).sum());
            }

            @Test
            void sharedCounters() {
              IntStream.range(0, 200).parallel()
                  .forEach(i -> SHARED.computeIfAbsent(i % 10, k -> new AtomicInteger()).incrementAndGet());
            }

            @Test
            void futures() throws Exception {
              assertEquals(43, (int) CompletableFuture.supplyAsync(() -> 6 * 7).thenApply(x -> x + 1).get());
            }

            @Test
            void strings() {
              assertEquals("a-NUM", String.format("%s-%d", "a", NUM));
            }
          }
          """.replace("NUM", Integer.toString(n)));
    }
    Files.writeString(app.resolve("PoolTest.java"), """
        package app;

        import static org.junit.jupiter.api.Assertions.assertEquals;

        import java.util.List;
        import java.util.concurrent.ConcurrentHashMap;
        import java.util.concurrent.ExecutorService;
        import java.util.concurrent.Executors;
        import java.util.concurrent.Future;
        import java.util.stream.IntStream;
        import org.junit.jupiter.api.Test;

        class PoolTest {
          @Test
          void tasksAndParallelStreams() throws Exception {
            ConcurrentHashMap<Integer, Integer> counts = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
              List<Future<Integer>> done = IntStream.range(0, 64)
                  .mapToObj(i -> pool.submit(() -> counts.merge(i % 8, 1, Integer::sum))).toList();
              for (Future<Integer> f : done) {
                f.get();
              }
            } finally {
              pool.shutdown();
            }
            assertEquals(64, counts.values().stream().mapToInt(Integer::intValue).sum());
            assertEquals(499500L, IntStream.range(0, 1000).parallel().asLongStream().sum());
          }
        }
        """);
  }

  private static void assertBuilt(Run r) {
    assertFalse(r.output().contains("BUILD FAILURE") || r.output().contains("[ERROR]"), r.output());
    for (String m : List.of("a", "b")) {
      assertTrue(Files.isRegularFile(r.project().resolve(m + "/target/" + m + "-1.jar")), m + " was not packaged:\n"
          + r.output());
      assertTrue(Files.isRegularFile(r.project().resolve(m + "/target/surefire-reports/TEST-" + m + ".CTest.xml")),
          m + "'s test did not run:\n" + r.output());
    }
  }

  /** Maven under the agent on {@code backend} (null: the default one); null when that backend cannot run here. */
  private static Run build(String backend, List<String> options) throws IOException, InterruptedException {
    String jar = agentJar();
    Path project = Files.createTempDirectory(work, "maven-" + backend);
    writeProject(project);
    List<String> opts = new ArrayList<>(List.of("-Xshare:off", "-javaagent:" + jar));
    if (backend != null) {
      opts.add("-Dracekit.backend=" + backend);
    }
    opts.addAll(options);
    return runMaven(project, backend, String.join(" ", opts), List.of("-T", "2", "package"));
  }

  /** A parent and two modules of one class and one test each; plugins and JUnit as this build uses them (offline). */
  private static void writeProject(Path dir) throws IOException {
    Files.writeString(dir.resolve("pom.xml"), pom("<artifactId>parent</artifactId><version>1</version>"
        + "<packaging>pom</packaging>\n  <modules><module>a</module><module>b</module></modules>", """
            <plugin>
              <groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId>
              <version>%s</version>
            </plugin>
        """.formatted(jarVersion)));
    for (String m : List.of("a", "b")) {
      Path src = Files.createDirectories(dir.resolve(m + "/src/main/java/" + m));
      Path test = Files.createDirectories(dir.resolve(m + "/src/test/java/" + m));
      Files.writeString(dir.resolve(m + "/pom.xml"), """
          <project xmlns="http://maven.apache.org/POM/4.0.0">
            <modelVersion>4.0.0</modelVersion>
            <parent><groupId>racekit.it</groupId><artifactId>parent</artifactId><version>1</version></parent>
            <artifactId>%s</artifactId>
          </project>
          """.formatted(m));
      Files.writeString(src.resolve("C.java"), "package " + m + ";\npublic class C {\n  public static int f(int x) {"
          + " return x + 1; }\n}\n");
      Files.writeString(test.resolve("CTest.java"), "package " + m + ";\nimport org.junit.jupiter.api.Test;\n"
          + "class CTest {\n  @Test\n  void adds() {\n    org.junit.jupiter.api.Assertions.assertEquals(2, C.f(1));\n"
          + "  }\n}\n");
    }
  }

  /**
   * A project's pom: {@code coordinates} after the groupId, Java 17, JUnit, the compiler and Surefire plugins this
   * build uses (so it runs offline), and {@code morePlugins}.
   */
  private static String pom(String coordinates, String morePlugins) {
    return """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>racekit.it</groupId>%s
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <dependencies><dependency>
            <groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>%s</version>
            <scope>test</scope>
          </dependency></dependencies>
          <build><plugins>
            <plugin>
              <groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId>
              <version>%s</version>
            </plugin>
            <plugin>
              <groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId>
              <version>%s</version>
            </plugin>
        %s  </plugins></build>
        </project>
        """.formatted(coordinates, junitVersion, compilerVersion, surefireVersion, morePlugins);
  }
}
