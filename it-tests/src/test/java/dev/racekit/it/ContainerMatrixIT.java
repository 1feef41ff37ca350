package dev.racekit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.racekit.it.ContainerRunner.Outcome;
import dev.racekit.tck.GoldenReports;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.DockerClientFactory;

/**
 * The container matrix: {@link Scenario} built from the project's jars, run in Debian 11, 12 and 13 (glibc 2.31,
 * 2.36, 2.41) with JDK 25 and, on Debian 12, JDK 17, through every backend that should work there (java and jni on
 * both JDKs, thunk on 25). Each run is one fresh container (network mode none, local image) and one JVM start; its
 * stdout starts with a header naming image, glibc, JDK and backend, and every failure message carries the whole
 * output.
 *
 * <p>Skipped, with a message that says how to enable them, when there is no Docker engine or an image is missing.
 */
class ContainerMatrixIT {
  static final String NO_DOCKER = "No Docker engine: the container tests are skipped. Start one to run them"
      + " (Linux, as root: bash .ci/docker-up.sh && bash " + ContainerRunner.IMAGES_SCRIPT + "), then mvn verify.";

  /** The race of DESIGN.md, character for character, as every backend must print it. */
  static final String REPORT = GoldenReports.DESIGN_RACE;
  static final String FOUND_ONE = "Found 1 data race(s)\n";
  /** stdout after the header: a normal racy run, a halted one (no done line: the process ends at the report), a safe one. */
  static final String RACY_BODY = REPORT + FOUND_ONE + "racekit-it done: races=1\n";
  static final String HALTED_BODY = REPORT + FOUND_ONE;
  static final String SAFE_BODY = "racekit-it done: races=0\n";

  static final String MISSING_JNI = "/nonexistent/libracekit_jni.so";
  static final String MISSING_THUNK = "/nonexistent/libracekit_thunk.so";

  /** The selection line (slf4j-simple: {@code [main] INFO dev.racekit.core.RaceKit - <message>}). */
  static final String SELECTION_LOGGER = "INFO dev.racekit.core.RaceKit - ";
  static final String OPEN_FAILED = "racekit-it: cannot open the detector: ";

  private static ContainerRunner runner;
  /** Set by {@link #engineAndImages()}: why no container test can run here, or null. */
  private static String skipReason;
  private static final Set<String> MISSING_IMAGES = ConcurrentHashMap.newKeySet();
  private static final Queue<Outcome> RUNS = new ConcurrentLinkedQueue<>();

  /**
   * Decides once whether the container tests can run here. When they cannot, says why on stderr, and every test is
   * then skipped with that reason (each shows up as skipped in the report, rather than the class silently vanishing).
   */
  @BeforeAll
  static void engineAndImages() {
    skipReason = whyNotHere();
    if (skipReason != null) {
      System.err.println("[racekit-it] " + skipReason);
      return;
    }
    for (Target t : Target.ALL) {
      if (!ContainerRunner.imagePresent(t.image())) {
        MISSING_IMAGES.add(t.image());
      }
    }
    if (!MISSING_IMAGES.isEmpty()) {
      System.err.println("[racekit-it] " + missingImageMessage(String.join(", ", MISSING_IMAGES)));
    }
    String jdk = System.getProperty("java.home");
    if (Runtime.version().feature() < 25) {
      fail("the container tests mount the build JVM as JDK 25, but it is " + Runtime.version() + " at " + jdk);
    }
    runner = new ContainerRunner(Path.of(required("racekit.it.classes")), Path.of(required("racekit.it.lib")),
        Path.of(jdk));
    runner.checkStaged();
  }

  /** Why the container tests cannot run on this machine, or null when they can. */
  private static String whyNotHere() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return NO_DOCKER;
    }
    // The jars carry native libraries for linux-x86_64 only, and the build JVM is bind-mounted into the containers.
    String os = System.getProperty("os.name");
    String arch = System.getProperty("os.arch");
    if (!os.startsWith("Linux") || !List.of("amd64", "x86_64").contains(arch)) {
      return "The container tests need a linux-x86_64 host (the JDK running the build is mounted into the"
          + " containers, and the native libraries are built for linux-x86_64); this is " + os + "/" + arch
          + ": skipped.";
    }
    return null;
  }

  @AfterAll
  static void printMatrix() {
    if (RUNS.isEmpty()) {
      return;
    }
    List<Outcome> runs = new ArrayList<>(RUNS);
    StringBuilder sb = new StringBuilder("[racekit-it] ").append(runs.size()).append(" container runs:\n");
    long total = 0;
    for (Outcome o : runs) {
      total += o.elapsed().toMillis();
      sb.append(String.format(Locale.ROOT, "  %-27s %-55s exit %3d %6d ms  %s%n", o.target(), o.label(),
          o.exitCode(), o.elapsed().toMillis(), o.header()));
    }
    sb.append(String.format(Locale.ROOT, "  sum of run times: %.1f s%n", total / 1000.0));
    System.out.print(sb);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Each backend by name: the racy scenario (normal and halt_on_error=1) and the safe one.

  enum Play {
    RACY("racy", "racy", Map.of(), 0, RACY_BODY),
    HALT("racy halt_on_error=1", "racy", Map.of("racekit.options", "halt_on_error=1"), 66, HALTED_BODY),
    SAFE("safe", "safe", Map.of(), 0, SAFE_BODY);

    final String label;
    final String mode;
    final Map<String, String> properties;
    final int exitCode;
    final String body;

    Play(String label, String mode, Map<String, String> properties, int exitCode, String body) {
      this.label = label;
      this.mode = mode;
      this.properties = properties;
      this.exitCode = exitCode;
      this.body = body;
    }
  }

  record Explicit(Target target, String backend, Play play) {
    @Override
    public String toString() {
      return target + " " + backend + " " + play.label;
    }
  }

  static Stream<Explicit> explicitRuns() {
    return Target.ALL.stream()
        .flatMap(t -> t.backends().stream().flatMap(b -> Stream.of(Play.values()).map(p -> new Explicit(t, b, p))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("explicitRuns")
  void backendByName(Explicit c) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("racekit.backend", c.backend());
    props.putAll(c.play().properties);
    Outcome o = run(c.target(), c.backend() + " " + c.play().label, c.play().mode, props, false);

    assertHeader(o, c.backend());
    assertEquals(c.play().body, o.body(), () -> "report text\n" + o.describe());
    assertEquals(c.play().exitCode, o.exitCode(), () -> "exit status\n" + o.describe());
    String line = selectionLine(o);
    assertTrue(line.startsWith("racekit: using backend '" + c.backend() + "' (chosen by racekit.backend)"),
        () -> "selection line\n" + o.describe());
    assertNothingElseOnStderr(o, line);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Automatic selection: the fastest backend that runs, with the reasons for the others.

  static Stream<Target> targets() {
    return Target.ALL.stream();
  }

  @ParameterizedTest(name = "{0} automatic")
  @MethodSource("targets")
  void automaticSelection(Target t) {
    Outcome o = run(t, "automatic", "racy", Map.of(), false);
    assertHeader(o, t.automaticBackend());
    assertEquals(RACY_BODY, o.body(), () -> "report text\n" + o.describe());
    assertEquals(0, o.exitCode(), () -> "exit status\n" + o.describe());
    String expected = t.jdk() >= 25
        ? "racekit: using backend 'thunk' (highest priority that can run here); not chosen:"
            + " jni (lower priority 20 than 30), java (lower priority 10 than 30)"
        : "racekit: using backend 'jni' (highest priority that can run here); not chosen:"
            + " java (lower priority 10 than 20)";
    assertEquals(expected, selectionLine(o), () -> "selection line\n" + o.describe());
    assertNothingElseOnStderr(o, expected);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Fallback when a library file is missing (racekit.native.path / racekit.thunk.native.path).

  record Missing(Target target, String label, Map<String, String> properties, String chosen, String line) {
    @Override
    public String toString() {
      return target + " " + label;
    }
  }

  static Stream<Missing> missingLibraryRuns() {
    String thunkMissing = "thunk (" + doesNotExist("racekit.thunk.native.path", MISSING_THUNK) + ")";
    String jniMissing = "jni (" + doesNotExist("racekit.native.path", MISSING_JNI) + ")";
    List<Missing> runs = new ArrayList<>();
    for (Target t : Target.ALL) {
      if (t.jdk() >= 25) {
        runs.add(new Missing(t, "automatic, thunk library missing",
            Map.of("racekit.thunk.native.path", MISSING_THUNK), "jni",
            "racekit: using backend 'jni' (highest priority that can run here); not chosen: " + thunkMissing
                + ", java (lower priority 10 than 20)"));
        runs.add(new Missing(t, "automatic, both libraries missing",
            orderedMap("racekit.thunk.native.path", MISSING_THUNK, "racekit.native.path", MISSING_JNI), "java",
            "racekit: using backend 'java' (highest priority that can run here); not chosen: " + thunkMissing + ", "
                + jniMissing));
      } else {
        runs.add(new Missing(t, "automatic, jni library missing", Map.of("racekit.native.path", MISSING_JNI),
            "java", "racekit: using backend 'java' (highest priority that can run here); not chosen: " + jniMissing));
      }
    }
    return runs.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missingLibraryRuns")
  void fallbackWhenLibraryFileIsMissing(Missing c) {
    Outcome o = run(c.target(), c.label(), "racy", c.properties(), false);
    assertHeader(o, c.chosen());
    assertEquals(RACY_BODY, o.body(), () -> "report text\n" + o.describe());
    assertEquals(0, o.exitCode(), () -> "exit status\n" + o.describe());
    assertEquals(c.line(), selectionLine(o), () -> "selection line\n" + o.describe());
    assertNothingElseOnStderr(o, c.line());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // /tmp mounted noexec: the libraries extract there by default and cannot be mapped executable.

  enum Noexec {
    AUTOMATIC("automatic, /tmp noexec"),
    JNI("jni by name, /tmp noexec"),
    THUNK("thunk by name, /tmp noexec"),
    TMPDIR("automatic, /tmp noexec, racekit.native.tmpdir=/var/tmp");

    final String label;

    Noexec(String label) {
      this.label = label;
    }
  }

  record NoexecRun(Target target, Noexec kind) {
    @Override
    public String toString() {
      return target + " " + kind.label;
    }
  }

  static Stream<NoexecRun> noexecRuns() {
    return Target.ALL.stream().flatMap(t -> Stream.of(Noexec.values())
        .filter(k -> k != Noexec.THUNK || t.jdk() >= 25)
        .map(k -> new NoexecRun(t, k)));
  }

  /** The JNI loader's reason for a library it extracted to a noexec /tmp (group 1: the extraction directory). */
  static final String JNI_NOEXEC_REASON = "cannot load (/tmp/racekit-native-\\d+)/libracekit_jni\\.so:"
      + " UnsatisfiedLinkError: .*failed to map segment from shared object"
      + " \\(if \\1 is on a file system mounted noexec, set -Dracekit\\.native\\.tmpdir=<a directory that allows"
      + " executables> or -Dracekit\\.native\\.path=<the library file>\\)";
  /**
   * The thunk backend's reason: it names the extracted file (FFM's message gives no dlerror detail) and the fix for a
   * noexec folder.
   */
  static final String THUNK_NOEXEC_REASON = "[^;]*/tmp/racekit-native-\\d+/libracekit_thunk\\.so[^;]*"
      + "mounted noexec, set -Dracekit\\.native\\.tmpdir=<a directory that allows executables> or"
      + " -Dracekit\\.thunk\\.native\\.path=<the library file>\\)";

  @ParameterizedTest(name = "{0}")
  @MethodSource("noexecRuns")
  void noexecTemporaryDirectory(NoexecRun c) {
    Target t = c.target();
    Map<String, String> props = switch (c.kind()) {
      case AUTOMATIC -> Map.of();
      case JNI -> Map.of("racekit.backend", "jni");
      case THUNK -> Map.of("racekit.backend", "thunk");
      case TMPDIR -> Map.of("racekit.native.tmpdir", "/var/tmp");
    };
    Outcome o = run(t, c.kind().label, "racy", props, true);
    switch (c.kind()) {
      case AUTOMATIC -> {
        assertHeader(o, "java");
        assertEquals(RACY_BODY, o.body(), () -> "report text\n" + o.describe());
        assertEquals(0, o.exitCode(), () -> "exit status\n" + o.describe());
        String line = selectionLine(o);
        String expected = Pattern.quote("racekit: using backend 'java' (highest priority that can run here);"
            + " not chosen: ") + (t.jdk() >= 25 ? "thunk \\(" + THUNK_NOEXEC_REASON + "\\), " : "")
            + "jni \\(" + JNI_NOEXEC_REASON + "\\)";
        assertTrue(line.matches(expected), () -> "selection line should match\n" + expected + "\n" + o.describe());
        assertNothingElseOnStderr(o, line);
      }
      case JNI, THUNK -> {
        String backend = c.kind() == Noexec.JNI ? "jni" : "thunk";
        assertHeader(o, backend + " (failed to open)");
        assertEquals("", o.body(), () -> "stdout after the header\n" + o.describe());
        assertEquals(Scenario.EXIT_OPEN_FAILED, o.exitCode(), () -> "exit status\n" + o.describe());
        String error = stderrLines(o).stream().filter(l -> l.startsWith(OPEN_FAILED)).findFirst()
            .orElseGet(() -> fail("no '" + OPEN_FAILED + "' line on stderr\n" + o.describe()));
        String expected = Pattern.quote(OPEN_FAILED + "racekit: backend '" + backend
            + "' (racekit.backend) cannot run here: ")
            + (backend.equals("jni") ? JNI_NOEXEC_REASON : THUNK_NOEXEC_REASON)
            + Pattern.quote("; backends that can run here: java");
        assertTrue(error.matches(expected), () -> "error should match\n" + expected + "\n" + o.describe());
        assertNothingElseOnStderr(o, error);
      }
      case TMPDIR -> {
        // The fix the message suggests works: extraction elsewhere, and the fastest backend is back.
        assertHeader(o, t.automaticBackend());
        assertEquals(RACY_BODY, o.body(), () -> "report text\n" + o.describe());
        assertEquals(0, o.exitCode(), () -> "exit status\n" + o.describe());
        assertTrue(selectionLine(o).startsWith("racekit: using backend '" + t.automaticBackend()
            + "' (highest priority that can run here); not chosen: "), () -> "selection line\n" + o.describe());
        assertNothingElseOnStderr(o, selectionLine(o));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static Outcome run(Target t, String label, String mode, Map<String, String> props, boolean noexecTmp) {
    assumeTrue(skipReason == null, skipReason);
    assumeTrue(!MISSING_IMAGES.contains(t.image()), () -> missingImageMessage(t.image()));
    Outcome o = runner.run(t, label, mode, props, noexecTmp);
    RUNS.add(o);
    System.out.printf(Locale.ROOT, "[racekit-it] %s %s: exit %d in %d ms | %s%n", t, label, o.exitCode(),
        o.elapsed().toMillis(), o.header());
    return o;
  }

  static String missingImageMessage(String images) {
    return "Docker image(s) " + images + " missing: the container tests that need them are skipped."
        + " Build them with: bash " + ContainerRunner.IMAGES_SCRIPT;
  }

  /** The header names image, OS, glibc, JDK and backend; the JDK is checked by feature version. */
  private static void assertHeader(Outcome o, String backend) {
    Target t = o.target();
    String expected = Pattern.quote(Scenario.HEADER_PREFIX + "image=" + t.image() + " os=\"" + t.os() + "\" glibc="
        + t.glibc() + " jdk=") + t.jdk() + "(\\.[0-9.]+)?([-+][\\w.+-]*)?" + Pattern.quote(" backend=" + backend);
    assertTrue(o.header().matches(expected), () -> "header should match\n" + expected + "\n" + o.describe());
  }

  private static List<String> stderrLines(Outcome o) {
    return o.stderr().lines().toList();
  }

  /** The one backend-selection line on stderr, without the logger prefix. */
  private static String selectionLine(Outcome o) {
    List<String> lines = stderrLines(o).stream().filter(l -> l.contains(SELECTION_LOGGER))
        .map(l -> l.substring(l.indexOf(SELECTION_LOGGER) + SELECTION_LOGGER.length())).toList();
    assertEquals(1, lines.size(), () -> "one backend-selection line on stderr\n" + o.describe());
    return lines.getFirst();
  }

  /**
   * stderr holds the given line and nothing unexpected: on JDK 17 the thunk provider's skip warning; no JVM warning
   * (for example JDK 25's restricted-method warning for {@code System.load}) and no stack trace.
   */
  /** Only the expected line: on JDK 17 the thunk provider (Java 25 bytecode) is skipped quietly (debug level). */
  private static void assertNothingElseOnStderr(Outcome o, String expectedLine) {
    List<String> others = new ArrayList<>();
    for (String l : stderrLines(o)) {
      if (!l.endsWith(expectedLine)) {
        others.add(l);
      }
    }
    assertEquals(List.of(), others, () -> "unexpected stderr lines\n" + o.describe());
  }

  private static String doesNotExist(String property, String file) {
    return property + "=" + file + " names " + file + ", which does not exist";
  }

  private static Map<String, String> orderedMap(String k1, String v1, String k2, String v2) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  private static String required(String property) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      fail("system property " + property + " is not set; run the container tests through Maven"
          + " (mvn verify -pl it-tests), whose failsafe configuration sets it");
    }
    return v;
  }
}
