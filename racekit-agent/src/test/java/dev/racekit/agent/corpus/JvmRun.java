package dev.racekit.agent.corpus;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts one program in a fresh JVM, waits with a timeout, and keeps what it printed (corpus and real programs). */
public final class JvmRun {
  private JvmRun() {}

  /** What one run printed and how it ended; {@code exitCode} is -1 after a timeout (the process is killed). */
  public record Outcome(List<String> command, int exitCode, boolean timedOut, String stdout, String stderr,
      long millis) {
    public String describe() {
      return "command: " + String.join(" ", command) + "\nexit " + exitCode + (timedOut ? " (TIMED OUT)" : "")
          + " after " + millis + " ms\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr + "\n-------------";
    }
  }

  public static Outcome run(List<String> command, Duration timeout) {
    long start = System.nanoTime();
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("racekit-run", ".out");
      err = Files.createTempFile("racekit-run", ".err");
      // Files, not pipes: a chatty program cannot block on a full pipe while we wait for it.
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      return new Outcome(List.copyOf(command), finished ? p.exitValue() : -1, !finished, Files.readString(out),
          Files.readString(err), millis);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** The {@code java} the tests run programs with: {@code -Dracekit.test.jvm}, else this JVM's own. */
  public static String testJava() {
    String jvm = System.getProperty("racekit.test.jvm", "");
    return jvm.isBlank() ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : jvm;
  }

  /** The feature version (17, 25, ...) of the JVM at {@code java}. */
  public static int featureVersion(String java) {
    Outcome o = run(List.of(java, "-XshowSettings:properties", "-version"), Duration.ofSeconds(30));
    for (String line : o.stderr().lines().toList()) {
      String t = line.trim();
      if (t.startsWith("java.specification.version = ")) {
        String v = t.substring("java.specification.version = ".length());
        return Integer.parseInt(v.startsWith("1.") ? v.substring(2) : v);
      }
    }
    throw new IllegalStateException("cannot tell the version of " + java + "\n" + o.describe());
  }

  /** The class-path entry (jar or directory) that holds {@code c}. */
  public static String codeSource(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static List<String> javaCommand(String java, int feature, List<String> options, String classPath,
      String main) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    if (feature >= 22) {
      cmd.add("--enable-native-access=ALL-UNNAMED"); // JNI and FFM since JDK 24; JDK 17 rejects the flag
    }
    cmd.addAll(options);
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(main);
    return cmd;
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a leftover temporary file is harmless
      }
    }
  }
}
