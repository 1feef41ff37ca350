package dev.racekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceDetector;
import dev.racekit.core.RaceKit;
import dev.racekit.jni.JniBackendProvider;
import dev.racekit.nativelib.NativeLibraryLoader;
import dev.racekit.purejava.JavaBackendProvider;
import dev.racekit.thunk.ThunkBackendProvider;
import dev.racekit.trace.TraceReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's module descriptors at work: a small named module that {@code requires dev.racekit.core} only is
 * compiled and run on the module path beside the built RaceKit modules. Its backends must come from the backends'
 * {@code provides} clauses (a named module's META-INF/services files are ignored), it must detect a race, and the
 * backends' packages must stay unexported.
 */
class ModulePathTest {

  private static final String MODULE_INFO = """
      module demo {
        requires dev.racekit.core;
      }
      """;

  private static final String MAIN = """
      package demo;

      import dev.racekit.RaceDetector;
      import dev.racekit.RaceOptions;
      import dev.racekit.RaceThread;
      import dev.racekit.core.RaceKit;

      public final class Main {
        public static void main(String[] args) throws Exception {
          System.out.println("core module: " + RaceKit.class.getModule().getName());
          RaceKit.describeBackends().forEach(b -> System.out.println("found " + b));
          Module self = Main.class.getModule();
          Module pure = Class.forName("dev.racekit.purejava.JavaBackendProvider").getModule();
          System.out.println("purejava exported: " + pure.isExported("dev.racekit.purejava"));
          Module nativeLib = Class.forName("dev.racekit.nativelib.NativeLibraryLoader").getModule();
          System.out.println("nativelib exported to demo: " + nativeLib.isExported("dev.racekit.nativelib", self));
          Module jni = Class.forName("dev.racekit.jni.JniBackendProvider").getModule();
          System.out.println("nativelib exported to jni: " + nativeLib.isExported("dev.racekit.nativelib", jni));
          for (String backend : args) {
            try (RaceDetector d = RaceKit.builder().backend(backend)
                .options(RaceOptions.parse("log_path=none")).open()) {
              d.mapShadow(0x10000, 1 << 16);
              RaceThread main = d.mainThread();
              RaceThread worker = d.startThread(main, 0x104);
              worker.write(0x10010, 8, 0x200);
              main.read(0x10010, 8, 0x108);
              worker.end();
              main.join(worker);
              System.out.println(backend + " reports=" + d.reportCount());
            }
          }
        }
      }
      """;

  @TempDir Path dir;

  @Test
  @Timeout(120) // bounds the read of a child JVM that hangs
  void aNamedModuleFindsTheBackendsThroughProvidesAndDetectsARace() throws Exception {
    List<String> modulePath = List.of(
        location(RaceDetector.class), location(RaceKit.class), location(TraceReader.class),
        location(JavaBackendProvider.class), location(NativeLibraryLoader.class), location(JniBackendProvider.class),
        location(ThunkBackendProvider.class),
        location(org.slf4j.Logger.class), location(Class.forName("org.slf4j.simple.SimpleServiceProvider")));
    String libraryPath = String.join(File.pathSeparator, modulePath);

    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("demo"));
    Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
    Files.writeString(src.resolve("demo/Main.java"), MAIN);
    Path classes = dir.resolve("classes");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream javacOut = new ByteArrayOutputStream();
    int compiled = javac.run(null, javacOut, javacOut, "--module-path", libraryPath, "-d", classes.toString(),
        src.resolve("module-info.java").toString(), src.resolve("demo/Main.java").toString());
    assertEquals(0, compiled, javacOut.toString(StandardCharsets.UTF_8));

    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=dev.racekit.nativelib,dev.racekit.jni,dev.racekit.thunk",
        "--module-path", libraryPath + File.pathSeparator + classes,
        "-m", "demo/demo.Main", "java"));
    // The native backends run on Linux x86_64 only; where they run, they must find the same race.
    boolean nativeRuns = System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64");
    if (nativeRuns) {
      command.add("jni");
      command.add("thunk");
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the module-path JVM did not finish");
    assertEquals(0, process.exitValue(), output);

    List<String> lines = output.lines().collect(Collectors.toList());
    assertTrue(lines.contains("core module: dev.racekit.core"), output);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("found java (priority 10): can run here")), output);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("found jni (priority 20)")), output);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("found thunk (priority 30)")), output);
    assertTrue(lines.contains("purejava exported: false"), output);
    assertTrue(lines.contains("nativelib exported to demo: false"), output);
    assertTrue(lines.contains("nativelib exported to jni: true"), output);
    assertTrue(lines.contains("java reports=1"), output);
    if (nativeRuns) {
      assertTrue(lines.contains("jni reports=1"), output);
      assertTrue(lines.contains("thunk reports=1"), output);
    }
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("WARNING:")), "a warning on the module path: " + output);
  }

  /**
   * The thunk backend's classes need Java 25, but its descriptor is compiled for Java 17 so that a Java 17 module path
   * can read it and skip the backend, as the class path does; every other module is compiled for 17 as a whole.
   */
  @Test
  void everyDescriptorIsReadableByJava17() throws Exception {
    for (Class<?> type : List.of(RaceDetector.class, RaceKit.class, TraceReader.class, JavaBackendProvider.class,
        NativeLibraryLoader.class, JniBackendProvider.class, ThunkBackendProvider.class)) {
      assertEquals(61, classFileMajorVersion(type, "module-info.class"), type.getModule().getName());
    }
    assertEquals(69, classFileMajorVersion(ThunkBackendProvider.class, "dev/racekit/thunk/ThunkBackendProvider.class"),
        "the thunk classes are built for Java 25 (FFM)");
  }

  /** The major version of a class file in the jar or classes folder that holds {@code type}. */
  private static int classFileMajorVersion(Class<?> type, String entry) throws Exception {
    Path location = Path.of(location(type));
    byte[] header;
    if (Files.isDirectory(location)) {
      header = Files.readAllBytes(location.resolve(entry));
    } else {
      try (java.util.jar.JarFile jar = new java.util.jar.JarFile(location.toFile())) {
        header = jar.getInputStream(jar.getJarEntry(entry)).readNBytes(8);
      }
    }
    return ((header[6] & 0xff) << 8) | (header[7] & 0xff);
  }

  /** The jar (or, in a reactor build before packaging, the classes folder) that holds {@code type}. */
  private static String location(Class<?> type) throws URISyntaxException, IOException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
