package dev.racekit.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.nativelib.NativeLibraryLoader;
import dev.racekit.spi.Availability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the JNI backend finds and loads its library, and what it says when it cannot. In-process tests use fresh
 * {@link NativeLibraryLoader}s (with their own override property, so the JVM-wide loader is never disturbed); the
 * end-to-end selection tests run {@link SelectionProbe} in a forked JVM with the real system properties.
 */
class JniLoadingTest {
  /** A property only these tests use, so setting it cannot affect the shared loader. */
  private static final String TEST_PROPERTY = "racekit.test.native.path";

  @TempDir
  Path tmp;

  @Test
  void platformNames() {
    assertEquals("linux-x86_64", NativeLibraryLoader.platform("Linux", "amd64"));
    assertEquals("linux-x86_64", NativeLibraryLoader.platform("Linux", "x86_64"));
    assertEquals("linux-aarch64", NativeLibraryLoader.platform("Linux", "aarch64"));
    assertEquals("macos-aarch64", NativeLibraryLoader.platform("Mac OS X", "aarch64"));
    assertEquals("windows-x86_64", NativeLibraryLoader.platform("Windows 11", "amd64"));
    assertNull(NativeLibraryLoader.platform("SunOS", "sparcv9"));
    assertNull(NativeLibraryLoader.platform("Linux", "ppc64le"));
    assertEquals("libracekit_jni.so", NativeLibraryLoader.fileName("linux-x86_64", "racekit_jni"));
    assertEquals("libracekit_thunk.dylib", NativeLibraryLoader.fileName("macos-aarch64", "racekit_thunk"));
    assertEquals("racekit_jni.dll", NativeLibraryLoader.fileName("windows-x86_64", "racekit_jni"));
    assertEquals("META-INF/native/linux-x86_64/libracekit_thunk.so",
        new NativeLibraryLoader("racekit_thunk", TEST_PROPERTY, getClass()).resourceName("linux-x86_64"));
  }

  @Test
  void theSharedProviderLoadsTheLibraryFromTheJar() {
    Availability a = new JniBackendProvider().availability();
    assertTrue(a.available(), a.reason());
  }

  @Test
  void aMissingOverrideFileMakesTheProviderUnavailableNamingTheFile() {
    Path missing = tmp.resolve("no-such-dir/libracekit_jni.so");
    withProperty(TEST_PROPERTY, missing.toString(), () -> {
      NativeLibraryLoader loader = new NativeLibraryLoader("racekit_jni", TEST_PROPERTY, JniBackendProvider.class);
      Availability a = new JniBackendProvider(loader).availability();
      assertFalse(a.available());
      assertTrue(a.reason().contains(missing.toString()), a.reason());
      assertTrue(a.reason().contains("does not exist"), a.reason());
      assertTrue(a.reason().contains(TEST_PROPERTY), a.reason());
    });
  }

  @Test
  void aFileThatIsNotALibraryIsReportedNotThrown() throws IOException {
    Path bogus = tmp.resolve("libracekit_jni.so");
    Files.write(bogus, "not an ELF file".getBytes(StandardCharsets.US_ASCII));
    withProperty(TEST_PROPERTY, bogus.toString(), () -> {
      NativeLibraryLoader loader = new NativeLibraryLoader("racekit_jni", TEST_PROPERTY, JniBackendProvider.class);
      NativeLibraryLoader.Result r = loader.load();
      assertFalse(r.ok());
      assertTrue(r.failure().startsWith("cannot load " + bogus), r.failure());
      assertTrue(r.failure().contains("UnsatisfiedLinkError"), r.failure());
      assertEquals(r.failure(), loader.load().failure(), "the result is kept");
    });
  }

  @Test
  void aLibraryTheJarDoesNotCarryIsReported() {
    NativeLibraryLoader loader = new NativeLibraryLoader("racekit_nonexistent", TEST_PROPERTY, getClass());
    NativeLibraryLoader.Result r = loader.load();
    assertFalse(r.ok());
    assertTrue(r.failure().contains("META-INF/native/" + NativeLibraryLoader.currentPlatform()
        + "/libracekit_nonexistent.so"), r.failure());
  }

  @Test
  void anUnwritableExtractionDirectoryIsReported() {
    Path nowhere = tmp.resolve("missing/deeper");
    withProperty(NativeLibraryLoader.TMPDIR_PROPERTY, nowhere.toString(), () -> {
      NativeLibraryLoader loader = new NativeLibraryLoader("racekit_jni", TEST_PROPERTY, JniBackendProvider.class);
      NativeLibraryLoader.Result r = loader.locate();
      assertFalse(r.ok());
      assertTrue(r.failure().contains("cannot create a private directory in " + nowhere), r.failure());
      assertTrue(r.failure().contains(NativeLibraryLoader.TMPDIR_PROPERTY), r.failure());
    });
  }

  @Test
  void extractionIsPrivate() throws IOException {
    withProperty(NativeLibraryLoader.TMPDIR_PROPERTY, tmp.toString(), () -> {
      NativeLibraryLoader loader = new NativeLibraryLoader("racekit_jni", TEST_PROPERTY, JniBackendProvider.class);
      NativeLibraryLoader.Result r = loader.locate();
      assertTrue(r.ok(), r.failure());
      Path file = r.path();
      assertEquals(tmp, file.getParent().getParent());
      assertEquals("libracekit_jni.so", file.getFileName().toString());
      try {
        assertTrue(Files.size(file) > 1000);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("r-x------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void explicitSelectionWithAMissingLibraryFailsNamingTheCause() throws Exception {
    String missing = tmp.resolve("libracekit_jni.so").toString();
    List<String> out = probe("-Dracekit.native.path=" + missing, "-Dracekit.backend=jni");
    String error = line(out, "error=");
    assertTrue(error.startsWith("error=java.lang.IllegalStateException: "), error);
    assertTrue(error.contains("backend 'jni' (racekit.backend) cannot run here"), error);
    assertTrue(error.contains(missing + ", which does not exist"), error);
  }

  @Test
  void automaticSelectionFallsBackToJavaWhenTheLibraryIsMissing() throws Exception {
    String missing = tmp.resolve("libracekit_jni.so").toString();
    List<String> out = probe("-Dracekit.native.path=" + missing);
    assertEquals("backend=java reports=1", line(out, "backend="), String.join("\n", out));
    String jni = line(out, "describe=jni");
    assertTrue(jni.contains("cannot run here: racekit.native.path=" + missing), jni);
  }

  @Test
  void explicitSelectionOfJniWorks() throws Exception {
    List<String> out = probe("-Dracekit.backend=jni");
    assertEquals("backend=jni reports=1", line(out, "backend="), String.join("\n", out));
  }

  @Test
  void automaticSelectionPrefersJniOverJava() throws Exception {
    List<String> out = probe();
    assertEquals("backend=jni reports=1", line(out, "backend="), String.join("\n", out));
  }

  private static String line(List<String> out, String prefix) {
    return out.stream().filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no line starting with " + prefix + " in:\n" + String.join("\n", out)));
  }

  /** Runs {@link SelectionProbe} in a new JVM with this test's class path and the given JVM options. */
  private static List<String> probe(String... jvmOptions) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-Dorg.slf4j.simpleLogger.logFile=System.out");
    cmd.addAll(List.of(jvmOptions));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(SelectionProbe.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), text);
    return List.of(text.split("\\R"));
  }

  private interface Body {
    void run() throws IOException;
  }

  private static void withProperty(String key, String value, Body body) {
    String old = System.getProperty(key);
    System.setProperty(key, value);
    try {
      body.run();
    } catch (IOException e) {
      throw new AssertionError(e);
    } finally {
      if (old == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, old);
      }
    }
  }
}
