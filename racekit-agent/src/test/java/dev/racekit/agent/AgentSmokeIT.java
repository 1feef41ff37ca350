package dev.racekit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tiny programs run in a fresh JVM under the packaged agent, on each backend. */
class AgentSmokeIT {
  private record Run(int exit, String output) {}

  private static Run run(String backend, String mainClass) throws IOException, InterruptedException {
    String jar = System.getProperty("racekit.agent.jar");
    String classes = System.getProperty("racekit.test.classes");
    Assumptions.assumeTrue(jar != null && new File(jar).isFile(), "the packaged agent jar is missing: run after package");
    String jvm = System.getProperty("racekit.test.jvm");
    String java = jvm != null && !jvm.isBlank() ? jvm : Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:off", "-javaagent:" + jar, "-Dracekit.backend=" + backend,
        "-cp", classes, mainClass));
    Path out = Files.createTempFile("agent-smoke", ".txt");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", cmd));
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      if (text.contains("falling back to automatic selection")) {
        Assumptions.abort("backend " + backend + " cannot run on this JVM: " + text.lines().findFirst().orElse(""));
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
}
