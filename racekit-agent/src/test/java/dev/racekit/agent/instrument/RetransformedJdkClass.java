package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.ClassFilter;
import dev.racekit.agent.ClassFilter.Mode;
import dev.racekit.agent.rt.PcTable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/** A class of the running JDK, and that class rewritten as the agent rewrites it when it retransforms it. */
final class RetransformedJdkClass {
  private RetransformedJdkClass() {}

  static byte[] bytes(String internalName) throws IOException {
    try (InputStream in = Object.class.getResourceAsStream("/" + internalName + ".class")) {
      assertNotNull(in, internalName);
      return in.readAllBytes();
    }
  }

  static ClassNode rewritten(String internalName) throws IOException {
    return rewritten(internalName, bytes(internalName));
  }

  /** {@code original} (the class file of {@code internalName}, maybe altered) rewritten in monitors mode. */
  static ClassNode rewritten(String internalName, byte[] original) {
    assertTrue(MonitorScan.needsRewrite(original, true), "a loaded " + internalName + " is retransformed");
    ClassFilter filter = new ClassFilter(List.of(), List.of());
    assertEquals(Mode.MONITORS, filter.mode(internalName));
    byte[] out = new ClassInstrumenter(filter, new PcTable()).instrument(original, Mode.MONITORS, true);
    assertNotNull(out);
    ClassNode cn = new ClassNode();
    new ClassReader(out).accept(cn, 0);
    return cn;
  }
}
