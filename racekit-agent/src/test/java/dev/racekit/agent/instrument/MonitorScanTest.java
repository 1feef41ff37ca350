package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.ClassFilter;
import dev.racekit.agent.ClassFilter.Mode;
import dev.racekit.agent.rt.PcTable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** The quick scan that spares most JDK classes the monitors rewrite (and their retransformation at start). */
class MonitorScanTest {
  static final class Plain {
    int x;

    int twice() {
      return 2 * x;
    }
  }

  static final class SyncMethod {
    int x;

    synchronized void bump() {
      x++;
    }
  }

  static final class SyncBlock {
    final Object lock = new Object();
    int x;

    void bump() {
      synchronized (lock) {
        x++;
      }
    }
  }

  /** Waits on a monitor its caller holds: no monitor instruction of its own. */
  static final class WaitsForCaller {
    void await(Object lockedByCaller) throws InterruptedException {
      lockedByCaller.wait(10);
    }
  }

  static final class WithStaticInit {
    static final List<String> NAMES = List.of("a", String.valueOf(System.nanoTime()));

    static int count() {
      return NAMES.size();
    }
  }

  private static byte[] bytesOf(Class<?> c) throws IOException {
    String name = c.getName();
    try (InputStream in = c.getResourceAsStream(name.substring(name.lastIndexOf('.') + 1) + ".class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void aClassWithoutMonitorsOrStaticInitialiserNeedsNothing() throws IOException {
    assertFalse(MonitorScan.needsRewrite(bytesOf(Plain.class), false));
    assertFalse(MonitorScan.needsRewrite(bytesOf(Plain.class), true));
  }

  @Test
  void synchronizedMethodsAndBlocksNeedTheRewrite() throws IOException {
    assertTrue(MonitorScan.needsRewrite(bytesOf(SyncMethod.class), true));
    assertTrue(MonitorScan.needsRewrite(bytesOf(SyncBlock.class), true));
  }

  @Test
  void aStaticInitialiserCountsOnlyWhileItMayStillRun() throws IOException {
    byte[] bytes = bytesOf(WithStaticInit.class);
    assertTrue(MonitorScan.needsRewrite(bytes, false));
    assertFalse(MonitorScan.needsRewrite(bytes, true));
  }

  @Test
  void theInstrumenterAgreesWithTheScan() throws IOException {
    ClassInstrumenter instrumenter = new ClassInstrumenter(new ClassFilter(List.of(), List.of()), new PcTable());
    assertNull(instrumenter.instrument(bytesOf(Plain.class), Mode.MONITORS, false));
    assertNull(instrumenter.instrument(bytesOf(WithStaticInit.class), Mode.MONITORS, true));
    assertNotNull(instrumenter.instrument(bytesOf(WithStaticInit.class), Mode.MONITORS, false));
    assertNotNull(instrumenter.instrument(bytesOf(SyncBlock.class), Mode.MONITORS, true));
  }

  @Test
  void anInitialisedClassKeepsItsStaticInitialiserAsItWas() throws IOException {
    ClassInstrumenter instrumenter = new ClassInstrumenter(new ClassFilter(List.of(), List.of()), new PcTable());
    byte[] rewritten = instrumenter.instrument(bytesOf(WithStaticInit.class), Mode.FULL, true);
    assertNotNull(rewritten, "count() is still instrumented");
    String text = new String(rewritten, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertFalse(text.contains("clinitBegin"), "no call into the runtime's class-initialiser hooks");
    String fresh = new String(instrumenter.instrument(bytesOf(WithStaticInit.class), Mode.FULL, false),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    assertTrue(fresh.contains("clinitBegin"), "a class that is not initialised gets them");
  }

  @Test
  void aWaitNeedsTheRewriteAndGoesThroughTheRuntime() throws IOException {
    assertTrue(MonitorScan.needsRewrite(bytesOf(WaitsForCaller.class), true));
    ClassInstrumenter instrumenter = new ClassInstrumenter(new ClassFilter(List.of(), List.of()), new PcTable());
    byte[] piped;
    try (InputStream in = java.io.PipedInputStream.class.getResourceAsStream("PipedInputStream.class")) {
      piped = in.readAllBytes();
    }
    for (byte[] original : List.of(bytesOf(WaitsForCaller.class), piped)) {
      ClassNode cn = new ClassNode();
      new ClassReader(instrumenter.instrument(original, Mode.MONITORS, true)).accept(cn, 0);
      int waits = 0;
      int throughRuntime = 0;
      for (MethodNode m : cn.methods) {
        for (AbstractInsnNode i : m.instructions) {
          if (i instanceof MethodInsnNode c && c.name.equals("wait")) {
            waits++;
          } else if (i instanceof MethodInsnNode c && c.name.equals("objectWait")
              && c.owner.equals("dev/racekit/agent/rt/Rt")) {
            throughRuntime++;
          }
        }
      }
      assertEquals(0, waits, cn.name + ": Object.wait left as it was");
      assertTrue(throughRuntime >= 1, cn.name + ": " + throughRuntime);
    }
  }
}
