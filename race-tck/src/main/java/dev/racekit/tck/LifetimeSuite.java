package dev.racekit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import dev.racekit.core.RaceKit;
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
 * is fed, and several Java threads feeding one thread at once; and the memory a backend keeps for such late calls is
 * freed once nothing can reach it. A backend module extends this class in its tests.
 */
public abstract class LifetimeSuite {
  private static final long BASE = 0x10_0000_0000L;

  /** The backend under test. */
  protected abstract String backendName();

  @TempDir Path tmp;

  @Test
  void closeWhileOtherJavaThreadsFeedEvents() throws Exception {
    runChild("close", 200, "-Xmx256m");
  }

  @Test
  void endFromAnotherJavaThreadWhileFed() throws Exception {
    runChild("end", 60, "-Xmx256m");
  }

  @Test
  void oneRaceThreadFedByManyJavaThreadsAtOnce() throws Exception {
    runChild("shared", 40, "-Xmx256m");
  }

  /**
   * close() cannot free what a racing call may still use, so a native backend frees it once nothing can reach it: the
   * address space of closed, unreachable detectors (a 1 GiB range each: 2 GiB of reserved shadow) must come back.
   */
  @Test
  void closedDetectorsAreFreedOnceUnreachable() throws Exception {
    long before = virtualSize();
    org.junit.jupiter.api.Assumptions.assumeTrue(before > 0, "needs /proc/self/status (Linux)");
    int detectors = 40;
    for (int i = 0; i < detectors; i++) {
      RaceDetector d = RaceKit.builder().backend(backendName())
          .options(RaceOptions.builder().logPath(tmp.resolve("free.log").toString()).build()).open();
      d.mapShadow(BASE, 1L << 30);
      RaceThread main = d.mainThread();
      RaceThread t = d.startThread(main, 0x10);
      t.write(BASE + 64, 8, 0x11);
      main.write(BASE + 64, 8, 0x12);
      RaceThread u = d.startThread(main, 0x13);
      u.end();
      d.close();
    }
    long opened = virtualSize();
    long deadline = System.nanoTime() + 20_000_000_000L;
    long now = opened;
    while (now > before + (8L << 30) && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(50);
      now = virtualSize();
    }
    System.out.printf("%s: virtual size %d MiB, %d MiB with %d closed detectors, %d MiB after GC%n", backendName(),
        before >> 20, opened >> 20, detectors, now >> 20);
    assertTrue(now <= before + (8L << 30), "closed detectors were not freed: virtual size " + (before >> 20)
        + " MiB before, " + (opened >> 20) + " MiB after opening, still " + (now >> 20) + " MiB");
  }

  /**
   * A tool that starts and ends many short threads (a trace replayer) and drops them: what an ended thread keeps for
   * a late call until it is unreachable must stay small. Run with a small fixed Java heap, so that the resident set
   * measures native memory.
   */
  @Test
  void manyShortThreadsKeepMemoryFlat() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(status("VmRSS:") > 0, "needs /proc/self/status (Linux)");
    runChild("churn", 120_000, "-Xms64m", "-Xmx64m");
  }

  /** VmSize of this process in bytes, or 0 where /proc is missing. */
  private static long virtualSize() throws IOException {
    return status("VmSize:");
  }

  /** A /proc/self/status figure in bytes, or 0 where /proc is missing. */
  private static long status(String key) throws IOException {
    Path status = Paths.get("/proc/self/status");
    if (!Files.isReadable(status)) {
      return 0;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
      }
    }
    return 0;
  }

  private void runChild(String scenario, int iterations, String... jvmOptions)
      throws IOException, InterruptedException {
    Path out = tmp.resolve(scenario + ".out");
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.addAll(List.of(jvmOptions));
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
    text.lines().filter(l -> l.startsWith("short threads")).forEach(System.out::println);
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
