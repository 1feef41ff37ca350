package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.ClassFilter;
import dev.racekit.agent.ClassFilter.Mode;
import dev.racekit.agent.rt.PcTable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An instrumented method that HotSpot refuses to compile runs interpreted for the whole program. Asks HotSpot
 * itself: the instrumented {@link LockedBlocks} runs in a fresh JVM (the runtime not installed, so its entries return
 * at once) that compiles every hot method before going on, and must compile each of its methods without a bailout.
 */
class LockedRegionsTest {
  private static final String NAME = LockedBlocks.class.getName();

  @ParameterizedTest
  @EnumSource(value = Mode.class, names = {"FULL", "SYNC", "MONITORS"})
  void instrumentedLockingMethodsAreCompiledByC2(Mode mode, @TempDir Path dir) throws Exception {
    List<String> log = runCompiled(instrumented(mode, dir), "-XX:-TieredCompilation");
    for (String method : List.of("transfer", "drain")) {
      assertCompiled(log, method);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Mode.class, names = {"FULL", "SYNC", "MONITORS"})
  void instrumentedLockingMethodsAreCompiledByC1(Mode mode, @TempDir Path dir) throws Exception {
    List<String> log = runCompiled(instrumented(mode, dir), "-XX:TieredStopAtLevel=1");
    assertCompiled(log, "transfer");
    assertCompiled(log, "drain");
    if (mode != Mode.MONITORS) { // put has no monitor: monitors-only mode leaves it as it is
      assertCompiled(log, "put");
    }
  }

  private static void assertCompiled(List<String> log, String method) {
    String tag = "LockedBlocks::" + method + " ";
    List<String> lines = log.stream().filter(l -> l.contains(tag)).toList();
    assertFalse(lines.isEmpty(), method + " was never compiled:\n" + String.join("\n", log));
    for (String l : lines) {
      assertFalse(l.contains("COMPILE SKIPPED") || l.contains("not compilable"), "HotSpot refused " + method + ": " + l);
    }
  }

  /** Writes the instrumented class under {@code dir} (its package's folders) and returns {@code dir}. */
  private static Path instrumented(Mode mode, Path dir) throws IOException {
    byte[] original;
    try (InputStream in = LockedBlocks.class.getResourceAsStream("LockedBlocks.class")) {
      original = in.readAllBytes();
    }
    byte[] rewritten = new ClassInstrumenter(new ClassFilter(List.of(), List.of()), new PcTable()).instrument(original, mode);
    assertNotNull(rewritten, "the fixture has monitors, so every mode rewrites it");
    if (mode == Mode.FULL) {
      org.objectweb.asm.tree.ClassNode cn = new org.objectweb.asm.tree.ClassNode();
      new org.objectweb.asm.ClassReader(rewritten).accept(cn, 0);
      org.objectweb.asm.tree.MethodNode transfer = cn.methods.stream().filter(m -> m.name.equals("transfer"))
          .findFirst().orElseThrow();
      assertTrue(java.util.stream.StreamSupport.stream(transfer.instructions.spliterator(), false)
          .anyMatch(i -> i instanceof org.objectweb.asm.tree.MethodInsnNode m && m.name.equals("unwind")),
          "transfer calls into java.util inside its blocks: it gets the handler that unwinds on an exception");
    }
    Path file = dir.resolve(NAME.replace('.', '/') + ".class");
    Files.createDirectories(file.getParent());
    Files.write(file, rewritten);
    return dir;
  }

  /** Runs the fixture hot with -Xbatch (compilation finishes before the call goes on) and returns its compile log. */
  private static List<String> runCompiled(Path classes, String compiler) throws Exception {
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xbatch", compiler, "-XX:+PrintCompilation",
        "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"), NAME, "30000"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the fixture JVM did not finish");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("LockedBlocks checksum="), out);
    return out.lines().toList();
  }
}
