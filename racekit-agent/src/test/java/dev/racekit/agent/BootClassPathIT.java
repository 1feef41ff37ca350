package dev.racekit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.corpus.JvmRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the agent joins the boot class path. The packaged jar names itself in its manifest ({@code Boot-Class-Path}),
 * so the JVM puts it there while it loads the agent: class data sharing stays on, and the JVM prints no warning
 * (appending the jar from {@code premain}, as the agent did before, made every run print "Sharing is only supported for
 * boot loader classes because bootstrap classpath has been appended"). A copy under another name is not found by
 * that entry: the agent joins from {@code premain} then, and still detects races. With class data sharing on, as a
 * user's JVM has it.
 */
class BootClassPathIT {
  private static final String CDS_WARNING = "Sharing is only supported for boot loader classes";

  @TempDir
  static Path work;

  @Test
  void thePackagedJarJoinsTheBootClassPathSilentlyAndARenamedCopyStillWorks() throws Exception {
    Path jar = Path.of(System.getProperty("racekit.agent.jar"));
    assertTrue(Files.isRegularFile(jar), "the packaged agent jar is missing: " + jar);
    Path renamed = Files.copy(jar, work.resolve("race-detector-copy.jar"), StandardCopyOption.REPLACE_EXISTING);

    String java = JvmRun.testJava();
    int feature = JvmRun.featureVersion(java);
    JvmRun.Outcome packaged = runCounter(jar, java, feature);
    assertFalse(packaged.stderr().contains(CDS_WARNING), packaged.describe());
    assertReported(packaged);

    JvmRun.Outcome copy = runCounter(renamed, java, feature);
    assertFalse(copy.stderr().contains("racekit-agent: cannot start"), copy.describe());
    assertReported(copy);
  }

  private static JvmRun.Outcome runCounter(Path agentJar, String java, int feature) {
    // No backend named: the default choice, on whichever JDK runs the tests.
    return JvmRun.run(JvmRun.javaCommand(java, feature, List.of("-javaagent:" + agentJar),
        System.getProperty("racekit.test.classes"), "racecorpus.smoke.SmokeCounter"), Duration.ofSeconds(120));
  }

  private static void assertReported(JvmRun.Outcome o) {
    assertEquals(66, o.exitCode(), o.describe());
    assertTrue(o.stderr().contains("Location is field racecorpus.smoke.SmokeCounter.count"), o.describe());
    assertTrue(o.stderr().contains("Found 1 data race(s)"), o.describe());
  }
}
