package dev.racekit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Misuse that must not crash the JVM or corrupt native memory, run many times in a child JVM ({@link LifetimeMisuse})
 * so that a crash fails the test instead of killing the build: {@code close()} while other Java threads feed events
 * (what a shutdown hook does while daemon threads run), {@code end()} of a thread from another Java thread while it
 * is fed, and several Java threads feeding one thread at once. A backend module extends this class in its tests.
 */
public abstract class LifetimeSuite {
  /** The backend under test. */
  protected abstract String backendName();

  @TempDir Path tmp;

  @Test
  void closeWhileOtherJavaThreadsFeedEvents() throws Exception {
    runChild("close", 50);
  }

  @Test
  void endFromAnotherJavaThreadWhileFed() throws Exception {
    runChild("end", 20);
  }

  @Test
  void oneRaceThreadFedByManyJavaThreadsAtOnce() throws Exception {
    runChild("shared", 20);
  }

  private void runChild(String scenario, int iterations) throws IOException, InterruptedException {
    Path out = tmp.resolve(scenario + ".out");
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-Xmx256m");
    cmd.add("-XX:ErrorFile=" + tmp.resolve("hs_err_%p.log"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    for (String p : new String[] {"racekit.native.path", "racekit.thunk.native.path", "racekit.native.tmpdir"}) {
      String v = System.getProperty(p);
      if (v != null) {
        cmd.add("-D" + p + "=" + v);
      }
    }
    cmd.add(LifetimeMisuse.class.getName());
    cmd.add(backendName());
    cmd.add(scenario);
    cmd.add(Integer.toString(iterations));
    cmd.add(tmp.resolve("racekit.log").toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(scenario + " on " + backendName() + " hung; output:\n" + tail(out));
    }
    String text = tail(out);
    System.out.println(text.lines().filter(l -> l.startsWith("lifetime misuse")).findFirst().orElse(text));
    boolean crashLog;
    try (var files = Files.list(tmp)) {
      crashLog = files.anyMatch(f -> f.getFileName().toString().startsWith("hs_err"));
    }
    assertFalse(crashLog || text.contains("SIGSEGV") || text.contains("A fatal error")
        || text.contains("corrupted") || text.contains("double free") || text.contains("free():"),
        scenario + " on " + backendName() + " crashed the JVM; output:\n" + text);
    assertEquals(0, p.exitValue(), scenario + " on " + backendName() + " exited with " + p.exitValue()
        + "; output:\n" + text);
  }

  private static String tail(Path out) throws IOException {
    String s = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    return s.length() > 20_000 ? s.substring(s.length() - 20_000) : s;
  }
}
