package dev.racekit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.corpus.JvmRun;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tiny programs run in a fresh JVM under the packaged agent, on each backend. */
class AgentSmokeIT {
  private record Run(int exit, String output) {}

  private static Run run(String backend, String mainClass) throws IOException, InterruptedException {
    return run(backend, mainClass, "", List.of());
  }

  private static Run run(String backend, String mainClass, String agentArgs, List<String> options)
      throws IOException, InterruptedException {
    String jar = System.getProperty("racekit.agent.jar");
    Assumptions.assumeTrue(jar != null && new File(jar).isFile(), "the packaged agent jar is missing: run after package");
    List<String> jvmOptions = new ArrayList<>(List.of("-javaagent:" + jar + agentArgs, "-Dracekit.backend=" + backend));
    jvmOptions.addAll(options);
    return java(jvmOptions, mainClass);
  }

  /** {@code mainClass} (with its arguments) in a fresh JVM with these options, its output and exit status. */
  private static Run java(List<String> jvmOptions, String... mainClass) throws IOException, InterruptedException {
    String classes = System.getProperty("racekit.test.classes");
    List<String> cmd = new ArrayList<>(List.of(JvmRun.testJava(), "-Xshare:off"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", classes));
    cmd.addAll(List.of(mainClass));
    Path out = Files.createTempFile("agent-smoke", ".txt");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", cmd));
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      if (text.contains("falling back to automatic selection")) {
        Assumptions.abort("the backend asked for cannot run on this JVM: " + text.lines().findFirst().orElse(""));
      }
      return new Run(p.exitValue(), text);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "jni", "thunk"})
  void racyCounterIsReportedWithLinesLocationAndExit66(String backend) throws Exception {
    String o = racy(backend, "racecorpus.smoke.SmokeCounter");
    assertTrue(o.contains("WARNING: DATA RACE"), o);
    assertTrue(o.contains("Location is field racecorpus.smoke.SmokeCounter.count\n"), o);
    assertTrue(o.contains("  racecorpus.smoke.SmokeCounter.increment()\n      SmokeCounter.java:8 +0x"), o);
    assertTrue(o.contains("  racecorpus.smoke.SmokeCounter.main()\n      SmokeCounter.java:15 +0x"), o);
    assertTrue(o.contains("  racecorpus.smoke.SmokeCounter.lambda$main$0()\n      SmokeCounter.java:13 +0x"), o);
    assertTrue(Pattern.compile("by thread \\d+ \"worker-1\":").matcher(o).find(), o);
    assertTrue(o.contains("by main thread:"), o);
    assertTrue(Pattern.compile("Thread \\d+ \"worker-1\" \\((running|finished)\\) created at:\n"
        + "  racecorpus.smoke.SmokeCounter.main\\(\\)\n      SmokeCounter.java:14 \\+0x").matcher(o).find(), o);
    assertTrue(Pattern.compile("(?m)^Found [1-9]\\d* data race\\(s\\)$").matcher(o).find(), o);
    // the race is real: an update may be lost
    assertTrue(o.contains("count=2") || o.contains("count=1"), o);
  }

  /** Runs a racy program: exit status 66 (races found, the program itself exited 0); returns its output. */
  private static String racy(String backend, String mainClass) throws IOException, InterruptedException {
    Run r = run(backend, mainClass);
    assertEquals(66, r.exit(), r.output());
    return r.output();
  }

  /** Runs a race-free program: its own exit status, no report; returns its output. */
  private static String quiet(String backend, String mainClass, int exit) throws IOException, InterruptedException {
    Run r = run(backend, mainClass);
    assertEquals(exit, r.exit(), r.output());
    assertFalse(r.output().contains("DATA RACE"), r.output());
    return r.output();
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "jni", "thunk"})
  void aSuppressedRaceIsCountedAtExitAndLeavesTheExitStatusAlone(String backend) throws Exception {
    Path rules = Files.createTempFile("racekit", ".supp");
    try {
      // the race's two stacks both run through increment(); the location names the field
      Files.writeString(rules, "# judged benign\nrace:racecorpus.smoke.SmokeCounter.increment\n");
      Run r = run(backend, "racecorpus.smoke.SmokeCounter", "", List.of("-Dracekit.options=suppressions=" + rules));
      assertEquals(0, r.exit(), r.output());
      assertFalse(r.output().contains("DATA RACE") || r.output().contains("Found"), r.output());
      Pattern counted = Pattern.compile("(?m)^Suppressed [1-9]\\d* data race report\\(s\\) \\("
          + Pattern.quote(rules.toString()) + "\\): [1-9]\\d* race:racecorpus\\.smoke\\.SmokeCounter\\.increment$");
      assertTrue(counted.matcher(r.output()).find(), r.output());
      Files.writeString(rules, "race:racecorpus.smoke.SomethingElse\n");
      r = run(backend, "racecorpus.smoke.SmokeCounter", "", List.of("-Dracekit.options=suppressions=" + rules));
      assertEquals(66, r.exit(), r.output());
      assertTrue(r.output().contains("Location is field racecorpus.smoke.SmokeCounter.count\n"), r.output());
      assertFalse(r.output().contains("Suppressed"), r.output());
    } finally {
      Files.deleteIfExists(rules);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "jni", "thunk"})
  void aSuppressionsFileThatIsNotOneIsSaidAndTheRunDetectsAsUsual(String backend) throws Exception {
    Path rules = Files.createTempFile("racekit", ".supp");
    try {
      Files.writeString(rules, "race:ok\nmutex:SmokeCounter\n");
      Run r = run(backend, "racecorpus.smoke.SmokeCounter", "", List.of("-Dracekit.options=suppressions=" + rules));
      assertEquals(66, r.exit(), r.output());
      assertTrue(r.output().contains("racekit-agent: racekit suppressions " + rules + ":2: 'mutex:SmokeCounter' is not"
          + " race:<pattern>"), r.output());
      assertTrue(r.output().contains("running without suppressions"), r.output());
      assertTrue(r.output().contains("WARNING: DATA RACE"), r.output());
    } finally {
      Files.deleteIfExists(rules);
    }
  }

  /**
   * The diagnostic trace prints through instrumented code: a line printed for each access ignored while a report was
   * being printed printed itself again, until the stack overflowed and the report was lost (exit status 0).
   */
  @Test
  void aTracedRunPrintsItsEventsAndStillReports() throws Exception {
    Run r = run("java", "racecorpus.smoke.SmokeCounter", "", List.of("-Dracekit.agent.trace=true"));
    assertEquals(66, r.exit(), r.output());
    assertTrue(r.output().contains("Location is field racecorpus.smoke.SmokeCounter.count\n"), r.output());
    assertTrue(Pattern.compile("(?m)^racekit-trace: \\d+ write 0x").matcher(r.output()).find(), r.output());
    assertFalse(r.output().contains("StackOverflowError"), r.output());
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "jni", "thunk"})
  void synchronizedTwinIsQuiet(String backend) throws Exception {
    String o = quiet(backend, "racecorpus.smoke.SmokeSyncCounter", 0);
    assertFalse(o.contains("Found"), o);
    assertTrue(o.contains("count=1501 cell=2 payload=7"), o);
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "jni", "thunk"})
  void hashMapPutFromTwoThreadsIsReportedWithTheCallersFrame(String backend) throws Exception {
    String o = racy(backend, "racecorpus.smoke.SmokeMapPut");
    assertTrue(Pattern.compile("Location is field java\\.util\\.HashMap(\\$\\w+)?\\.\\w+\n").matcher(o).find(), o);
    assertTrue(o.contains("  racecorpus.smoke.SmokeMapPut.put()\n      SmokeMapPut.java:11 +0x"), o);
    assertTrue(o.contains("  java.util.HashMap.put"), o);
  }

  /**
   * RaceKit's own threads (a native backend's cleaner, the exit hook) make no events: two of them racing on a counter
   * are not reported. An event there could take the agent's locks while the thread holds a JDK lock that a thread
   * holding the agent's locks needs (the cleaner's list monitor): a deadlock seen once at the exit of a Jetty run.
   */
  @ParameterizedTest
  @ValueSource(strings = {"java", "jni", "thunk"})
  void racekitsOwnThreadsMakeNoEvents(String backend) throws Exception {
    String o = quiet(backend, "racecorpus.smoke.SmokeInternalThreads", 0);
    assertFalse(o.contains("DATA RACE") || o.contains("Found"), o);
    assertTrue(o.contains("internal threads done"), o);
  }

  /** The objects a thread touched last are not kept alive by the agent past an explicit collection. */
  @ParameterizedTest
  @ValueSource(strings = {"java", "jni", "thunk"})
  void anObjectDroppedIsCollectedByTheNextSystemGc(String backend) throws Exception {
    String o = quiet(backend, "racecorpus.smoke.SmokeWeakReference", 0);
    assertTrue(o.contains("cleared: mine=true theirs=true"), o);
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "jni", "thunk"})
  void programExitStatusIsKept(String backend) throws Exception {
    quiet(backend, "racecorpus.smoke.SmokeExit", 3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "jni", "thunk"})
  void aReportShowsTheStackAtTheAccessAfterALoopOfCallsAtOtherDepths(String backend) throws Exception {
    String o = racy(backend, "racecorpus.smoke.SmokeLoopStack");
    java.util.regex.Matcher m = Pattern.compile("(?:Read|Previous read) at 0x[0-9a-f]+ by main thread:\n((?:  .*\n)+)")
        .matcher(o);
    assertTrue(m.find(), o);
    List<String> lines = new ArrayList<>();
    Pattern.compile("SmokeLoopStack\\.java:(\\d+) ").matcher(m.group(1)).results().forEach(x -> lines.add(x.group(1)));
    assertEquals(List.of("10", "14", "14", "14", "29"), lines, o);
    assertTrue(o.contains("SmokeLoopStack.java:25 +0x"), o);
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "jni", "thunk"})
  void theProgramsOwnShutdownHookFinishesBeforeTheRaceExitStatus(String backend) throws Exception {
    String o = racy(backend, "racecorpus.smoke.SmokeShutdownHook");
    assertTrue(o.contains("program hook finished"), o);
  }

  /**
   * The agent adds its block field to the program's classes; a {@code Serializable} class without a serialVersionUID
   * must keep its serialized form: a JVM without the agent reads what one under it wrote, and the other way round.
   */
  @ParameterizedTest
  @ValueSource(strings = {"java", "jni", "thunk"})
  void objectsSerializedUnderTheAgentAreReadWithoutItAndBack(String backend) throws Exception {
    Path dir = Files.createTempDirectory("agent-serial");
    try {
      String main = "racecorpus.smoke.SmokeSerialization";
      String plainFile = dir.resolve("plain.ser").toString();
      String agentFile = dir.resolve("agent.ser").toString();
      Run plainWrite = java(List.of(), main, "write", plainFile);
      assertEquals(0, plainWrite.exit(), plainWrite.output());
      String uid = plainWrite.output().lines().filter(l -> l.startsWith("serialVersionUID=")).findFirst().orElseThrow();
      assertTrue(plainWrite.output().contains("fields: id label values\n"), plainWrite.output());
      String jar = System.getProperty("racekit.agent.jar");
      Assumptions.assumeTrue(jar != null && new File(jar).isFile(), "the packaged agent jar is missing");
      List<String> agent = List.of("-javaagent:" + jar, "-Dracekit.backend=" + backend);
      for (String[] step : List.of(new String[] {"read", plainFile}, new String[] {"write", agentFile})) {
        Run r = java(agent, main, step[0], step[1]);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains(uid + "\n"), "the same serialVersionUID under the agent: " + r.output());
        assertTrue(r.output().contains("fields: id label values $racekit$block\n"), "the agent's field: " + r.output());
        assertFalse(r.output().contains("DATA RACE"), r.output());
        if (step[0].equals("read")) {
          assertTrue(r.output().contains("read id=42 label=forty-two sum=6"), r.output());
        }
      }
      Run plainRead = java(List.of(), main, "read", agentFile);
      assertEquals(0, plainRead.exit(), plainRead.output());
      assertTrue(plainRead.output().contains("read id=42 label=forty-two sum=6"), plainRead.output());
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /**
   * A second run takes its rewritten classes from the class cache, with pcs of its own, and reports exactly what the
   * first run reported (every frame's method, file, line and bytecode offset comes from those pcs).
   */
  @ParameterizedTest
  @ValueSource(strings = {"java", "thunk"})
  void aRunFromTheClassCacheReportsWhatARewritingRunReports(String backend) throws Exception {
    Path dir = Files.createTempDirectory("agent-cache");
    try {
      String args = "=cache=" + dir;
      List<String> debug = List.of("-Dracekit.agent.debug=true");
      Run cold = run(backend, "racecorpus.smoke.SmokeLoopStack", args, debug);
      Run warm = run(backend, "racecorpus.smoke.SmokeLoopStack", args, debug);
      // A run from the cache loads some JDK classes later than one that rewrites (the rewriter uses them), so they
      // come in another form and are added once more; by the third run that has settled.
      Run third = run(backend, "racecorpus.smoke.SmokeLoopStack", args, debug);
      Pattern stats = Pattern.compile("class cache .*: (\\d+) hits, (\\d+) misses, (\\d+) added");
      java.util.regex.Matcher c = stats.matcher(cold.output());
      java.util.regex.Matcher w = stats.matcher(warm.output());
      java.util.regex.Matcher t = stats.matcher(third.output());
      assertTrue(c.find() && w.find() && t.find(), cold.output() + "\n----\n" + warm.output());
      assertEquals("0", c.group(1), "an empty cache: " + c.group());
      assertTrue(Integer.parseInt(c.group(3)) > 100, "the first run keeps its rewrites: " + c.group());
      assertTrue(Integer.parseInt(w.group(1)) > 100, "the second run takes them: " + w.group());
      // -Xshare:off: the JVM lists a reconstituted class's methods in another order in every run
      assertTrue(10 * Integer.parseInt(t.group(3)) < Integer.parseInt(t.group(1)), "the third adds few: " + t.group());
      assertEquals(66, cold.exit(), cold.output());
      assertEquals(66, warm.exit(), warm.output());
      assertEquals(reports(cold.output()), reports(third.output()));
      assertEquals(reports(cold.output()), reports(warm.output()));
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /**
   * The race reports, each with its two accesses in a fixed order and without what scheduling decides: which of two
   * racing accesses comes second (the report names it first), whether the other thread has finished, and the
   * synthetic addresses (blocks are handed out in the order objects are first touched), and the threads' numbers.
   */
  private static List<String> reports(String output) {
    List<String> out = new ArrayList<>();
    Pattern.compile("(?s)WARNING: DATA RACE\\n.*?\\n==================").matcher(output).results().forEach(r -> {
      List<String> sections = new ArrayList<>(List.of(r.group().split("\\n\\n")));
      assertTrue(sections.size() > 3, r.group());
      List<String> accesses = new ArrayList<>();
      for (String a : List.of(sections.get(0).replaceFirst("^WARNING: DATA RACE\\n", ""), sections.get(1))) {
        String plain = a.replaceFirst("^Previous ", "");
        accesses.add(Character.toUpperCase(plain.charAt(0)) + plain.substring(1));
      }
      accesses.sort(null);
      out.add((String.join("\n\n", accesses) + "\n\n" + String.join("\n\n", sections.subList(2, sections.size())))
          .replaceAll("0x[0-9a-f]{16}", "0x<addr>").replaceAll("\\((running|finished)\\)", "(<state>)")
          // On JDK 17 a run from the cache numbers one more JDK thread started during start-up than a rewriting run
          .replaceAll("([Tt]hread) \\d+ \"", "$1 <n> \""));
    });
    assertFalse(out.isEmpty(), output);
    return out;
  }
}
