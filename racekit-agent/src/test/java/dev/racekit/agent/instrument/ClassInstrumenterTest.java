package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.ClassFilter;
import dev.racekit.agent.ClassFilter.Mode;
import dev.racekit.agent.rt.PcEntry;
import dev.racekit.agent.rt.PcTable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Instrumented classes are loaded in a fresh loader, so the JVM verifies them; the runtime is not installed in this
 * JVM, so its entries return at once and the code must compute exactly what the original computes.
 */
class ClassInstrumenterTest {
  private static byte[] bytesOf(Class<?> c) throws IOException {
    try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
      return in.readAllBytes();
    }
  }

  private static long runSample(byte[] bytes) throws Exception {
    Class<?> c = new OneClassLoader(Sample.class.getName(), bytes).loadClass(Sample.class.getName());
    Object s = c.getConstructor(int.class).newInstance(3);
    return (long) c.getMethod("run").invoke(s);
  }

  @Test
  void aRewriteOfCodeWithoutStackMapFramesDeclaresTheStackItUses() throws Exception {
    // A class the JVM did not verify (the boot loader's) comes to a retransformation without its StackMapTable.
    // ASM's COMPUTE_MAXS counted such a rewrite of JDK 17's ServiceLoader.loadProvider at 6 stack slots where it
    // needs 8, and the JVM died computing the method's oop map during a collection.
    for (Class<?> c : List.of(java.util.ServiceLoader.class, Sample.class)) {
      ClassWriter stripped = new ClassWriter(0);
      new ClassReader(bytesOf(c)).accept(stripped, ClassReader.SKIP_FRAMES);
      byte[] rewritten = new ClassInstrumenter(new ClassFilter(List.of(), List.of()), new PcTable())
          .instrument(stripped.toByteArray(), Mode.FULL);
      assertNotNull(rewritten, c.getName());
      ClassNode cn = new ClassNode();
      new ClassReader(rewritten).accept(cn, 0);
      int checked = 0;
      for (MethodNode m : cn.methods) {
        if (m.instructions.size() > 0) {
          new Analyzer<>(new BasicInterpreter()).analyze(cn.name, m); // fails past the declared stack or locals
          checked++;
        }
      }
      assertTrue(checked > 2, c.getName() + ": " + checked);
    }
  }

  @Test
  void theStackDepthByDataFlowIsWhatATypeAnalysisFinds() throws Exception {
    // MaxStack follows depths only; ASM's analyzer follows types, and its frames give the same deepest stack
    int checked = 0;
    for (Class<?> c : List.of(java.util.ServiceLoader.class, java.util.HashMap.class, java.lang.String.class,
        java.util.concurrent.ConcurrentHashMap.class, java.math.BigDecimal.class, Sample.class)) {
      ClassNode cn = new ClassNode();
      new ClassReader(bytesOf(c)).accept(cn, 0);
      for (MethodNode m : cn.methods) {
        if (m.instructions.size() > 0) {
          int max = 0;
          for (Frame<BasicValue> f : new Analyzer<>(new BasicInterpreter()).analyze(cn.name, m)) {
            int depth = 0;
            for (int k = 0; f != null && k < f.getStackSize(); k++) {
              depth += f.getStack(k).getSize();
            }
            max = Math.max(max, depth);
          }
          assertEquals(max, MaxStack.of(m), cn.name + "." + m.name + m.desc);
          assertTrue(MaxStack.of(m) <= m.maxStack, cn.name + "." + m.name + m.desc + " declares less");
          checked++;
        }
      }
    }
    assertTrue(checked > 500, "methods checked: " + checked);
  }

  @Test
  void fullyInstrumentedClassVerifiesAndComputesTheSame() throws Exception {
    byte[] original = bytesOf(Sample.class);
    PcTable pcs = new PcTable();
    byte[] rewritten = new ClassInstrumenter(new ClassFilter(List.of(), List.of()), pcs).instrument(original, Mode.FULL);
    assertNotNull(rewritten);
    assertTrue(rewritten.length > original.length);
    assertEquals(runSample(original), runSample(rewritten));
    assertTrue(pcs.size() > 35, "field, array and call sites get pcs: " + pcs.size());
  }

  @Test
  void syncOnlyInstrumentationVerifiesAndComputesTheSame() throws Exception {
    byte[] original = bytesOf(Sample.class);
    byte[] rewritten = new ClassInstrumenter(new ClassFilter(List.of(), List.of()), new PcTable())
        .instrument(original, Mode.SYNC);
    assertNotNull(rewritten);
    assertEquals(runSample(original), runSample(rewritten));
  }

  @Test
  void pcsCarryClassMethodFileAndLine() throws Exception {
    PcTable pcs = new PcTable();
    new ClassInstrumenter(new ClassFilter(List.of(), List.of()), pcs).instrument(bytesOf(Sample.class), Mode.FULL);
    boolean sawAdd = false;
    for (int i = 2; i < pcs.size(); i++) {
      PcEntry e = pcs.get(PcTable.FIRST_SITE + i);
      assertEquals(Sample.class.getName(), e.className);
      assertEquals("Sample.java", e.file);
      assertTrue(e.line > 0, "every site has a line");
      sawAdd |= e.methodName.equals("add");
    }
    assertTrue(sawAdd);
  }

  @Test
  void threadHooksSeeInterruptsAndJoinsFromEveryCaller() throws Exception {
    byte[] original;
    try (InputStream in = Thread.class.getResourceAsStream("Thread.class")) {
      original = in.readAllBytes();
    }
    byte[] rewritten = new ClassInstrumenter(new ClassFilter(List.of(), List.of()), new PcTable())
        .instrument(original, Mode.HOOKS);
    assertNotNull(rewritten);
    ClassNode cn = new ClassNode();
    new ClassReader(rewritten).accept(cn, 0);
    assertEquals(List.of("interrupting"), rtCalls(cn, "interrupt", "()V"));
    List<String> isInterrupted = rtCalls(cn, "isInterrupted", "()Z");
    List<String> interrupted = rtCalls(cn, "interrupted", "()Z");
    assertTrue(!isInterrupted.isEmpty() && isInterrupted.stream().allMatch("interruptObserved"::equals),
        "" + isInterrupted);
    assertTrue(!interrupted.isEmpty() && interrupted.stream().allMatch("interruptObserved"::equals), "" + interrupted);
    List<String> join = rtCalls(cn, "join", "(J)V");
    assertTrue(join.contains("afterJoin") && join.stream().allMatch(c -> c.equals("afterJoin")
        || c.equals("interruptThrown")), "" + join);
    List<String> isAlive = rtCalls(cn, "isAlive", "()Z");
    assertTrue(!isAlive.isEmpty() && isAlive.stream().allMatch("afterIsAlive"::equals), "" + isAlive);
    int wrapped = 0;
    for (MethodNode mn : cn.methods) {
      if ((mn.name.equals("sleep") || mn.name.equals("join")) && (mn.access & Opcodes.ACC_NATIVE) == 0) {
        assertTrue(observesOnThrow(mn, "java/lang/InterruptedException"), mn.name + mn.desc);
        wrapped++;
      }
    }
    assertTrue(wrapped >= 4, "sleep and join overloads with a body: " + wrapped); // 17: 5, 25: 7
  }

  @Test
  void anInterruptThatClosesAChannelIsObservedAtTheException() throws Exception {
    byte[] original;
    try (InputStream in = java.nio.channels.spi.AbstractInterruptibleChannel.class
        .getResourceAsStream("AbstractInterruptibleChannel.class")) {
      original = in.readAllBytes();
    }
    assertTrue(MonitorScan.needsRewrite(original, true));
    byte[] rewritten = new ClassInstrumenter(new ClassFilter(List.of(), List.of()), new PcTable())
        .instrument(original, Mode.MONITORS);
    assertNotNull(rewritten);
    ClassNode cn = new ClassNode();
    new ClassReader(rewritten).accept(cn, 0);
    MethodNode end = cn.methods.stream().filter(m -> m.name.equals("end") && m.desc.equals("(Z)V")).findFirst()
        .orElseThrow();
    assertTrue(observesOnThrow(end, "java/nio/channels/ClosedByInterruptException"));
  }

  @Test
  void aMethodThatPushesFramesUnwindsThemWhenAnExceptionLeavesIt() throws Exception {
    String name = "com/example/ThrowingSample"; // outside dev.racekit, so calls into it are tracked
    org.objectweb.asm.ClassWriter renamed = new org.objectweb.asm.ClassWriter(0);
    new ClassReader(bytesOf(ThrowingSample.class)).accept(new org.objectweb.asm.commons.ClassRemapper(renamed,
        new org.objectweb.asm.commons.SimpleRemapper(ThrowingSample.class.getName().replace('.', '/'), name)), 0);
    byte[] rewritten = new ClassInstrumenter(new ClassFilter(List.of(), List.of()), new PcTable())
        .instrument(renamed.toByteArray(), Mode.FULL);
    ClassNode cn = new ClassNode();
    new ClassReader(rewritten).accept(cn, 0);
    int checked = 0;
    for (MethodNode mn : cn.methods) {
      List<String> calls = rtCalls(cn, mn.name, mn.desc);
      if (!calls.contains("call") && !mn.name.equals("<clinit>")) {
        continue;
      }
      checked++;
      assertTrue(calls.contains("enterDepth"), mn.name + ": saves the depth at entry");
      org.objectweb.asm.tree.TryCatchBlockNode last = mn.tryCatchBlocks.get(mn.tryCatchBlocks.size() - 1);
      assertNull(last.type, mn.name + ": the last handler catches everything");
      List<String> handler = new ArrayList<>();
      for (AbstractInsnNode i = last.handler; i != null; i = i.getNext()) {
        if (i instanceof MethodInsnNode m) {
          handler.add(m.name);
        } else if (i.getOpcode() == Opcodes.ATHROW) {
          handler.add("athrow");
          break;
        }
      }
      List<String> expected = mn.name.equals("<clinit>") ? List.of("unwind", "clinitEnd", "athrow")
          : List.of("unwind", "athrow");
      assertEquals(expected, handler, mn.name + ": restores what entry saved, rethrows");
      for (org.objectweb.asm.tree.TryCatchBlockNode t : mn.tryCatchBlocks) {
        assertTrue(mn.instructions.indexOf(t.handler) < mn.instructions.indexOf(last.end)
            || t == last, mn.name + ": its range covers every other handler's code");
      }
      if (mn.name.equals("<init>")) {
        AbstractInsnNode before = last.start.getPrevious();
        while (before != null && !(before instanceof MethodInsnNode)) {
          before = before.getPrevious();
        }
        assertTrue(before instanceof MethodInsnNode m && m.name.equals("<init>"),
            "a constructor's range starts after its super() call, never over an uninitialised this");
      }
    }
    assertEquals(3, checked, "the constructor, twice and parse call methods of their own class");
    // it verifies, and computes and throws what the original does
    Class<?> c = new OneClassLoader(name.replace('/', '.'), rewritten).loadClass(name.replace('/', '.'));
    java.lang.reflect.Constructor<?> make = c.getConstructor(int.class);
    assertEquals(4, c.getMethod("twice").invoke(make.newInstance(12)));
    assertEquals("negative -1", org.junit.jupiter.api.Assertions.assertThrows(
        java.lang.reflect.InvocationTargetException.class, () -> make.newInstance(-1)).getCause().getMessage());
    Object three = make.newInstance(3);
    assertEquals("negative -7", org.junit.jupiter.api.Assertions.assertThrows(
        java.lang.reflect.InvocationTargetException.class, () -> c.getMethod("twice").invoke(three)).getCause()
        .getMessage());
    assertEquals(42, c.getMethod("parse", String.class).invoke(null, "42"));
    assertEquals("not a digit: x", org.junit.jupiter.api.Assertions.assertThrows(
        java.lang.reflect.InvocationTargetException.class, () -> c.getMethod("parse", String.class)
            .invoke(null, "4x")).getCause().getMessage());
  }

  /** A handler for exactly {@code exception} that calls {@code Rt.interruptThrown} and rethrows, over the body. */
  private static boolean observesOnThrow(MethodNode mn, String exception) {
    for (org.objectweb.asm.tree.TryCatchBlockNode t : mn.tryCatchBlocks) {
      if (exception.equals(t.type)) {
        AbstractInsnNode i = t.handler.getNext();
        while (i != null && i.getOpcode() < 0) {
          i = i.getNext(); // the frame
        }
        if (i instanceof MethodInsnNode m && m.name.equals("interruptThrown") && m.getNext() != null
            && m.getNext().getOpcode() == Opcodes.ATHROW && t.start.getPrevious() == null) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<String> rtCalls(ClassNode cn, String name, String desc) {
    List<String> calls = new ArrayList<>();
    for (MethodNode mn : cn.methods) {
      if (mn.name.equals(name) && mn.desc.equals(desc)) {
        for (AbstractInsnNode i : mn.instructions) {
          if (i instanceof MethodInsnNode m && m.owner.equals("dev/racekit/agent/rt/Rt")) {
            calls.add(m.name);
          }
        }
      }
    }
    return calls;
  }

  @Test
  void anApplicationInitialiserIsRecordedAndEachUseOfAnotherApplicationClassAcquiresItsEnd() throws Exception {
    String sample = InitialiserSample.class.getName().replace('.', '/');
    String peer = InitialiserPeer.class.getName().replace('.', '/');
    ClassWriter renamed = new ClassWriter(0);
    new ClassReader(bytesOf(InitialiserSample.class)).accept(new org.objectweb.asm.commons.ClassRemapper(renamed,
        new org.objectweb.asm.commons.SimpleRemapper(java.util.Map.of(sample, "com/example/InitialiserSample",
            peer, "com/example/InitialiserPeer"))), 0);
    ClassNode cn = new ClassNode();
    new ClassReader(new ClassInstrumenter(new ClassFilter(List.of(), List.of()), new PcTable())
        .instrument(renamed.toByteArray(), Mode.FULL)).accept(cn, 0);
    List<String> clinit = rtCalls(cn, "<clinit>", "()V");
    assertTrue(clinit.contains("classInitBegin") && clinit.contains("classInitEnd"), clinit.toString());
    assertTrue(!clinit.contains("clinitBegin"), "not an ignore region: " + clinit);
    // its own static final array is read through a site that checks the thread follows the initialiser; the int is not
    List<String> first = rtCalls(cn, "first", "()I");
    assertEquals(1, first.stream().filter("staticField"::equals).count(), first.toString());
    // new and a static call of the other application class; forName; reflection; none for StringBuilder or Math
    List<String> uses = rtCalls(cn, "useOthers", "()Ljava/lang/Object;");
    assertEquals(2, uses.stream().filter("classUsed"::equals).count(), uses.toString());
    assertEquals(1, uses.stream().filter("classForName"::equals).count(), uses.toString());
    assertEquals(1, uses.stream().filter("reflectivelyCreated"::equals).count(), uses.toString());
    for (MethodNode m : cn.methods) {
      new Analyzer<>(new BasicInterpreter()).analyze(cn.name, m);
    }
    // a JDK class's initialiser runs ignored
    ClassNode locale = new ClassNode();
    new ClassReader(new ClassInstrumenter(new ClassFilter(List.of(), List.of()), new PcTable())
        .instrument(bytesOf(java.util.Locale.class), Mode.FULL)).accept(locale, 0);
    List<String> jdk = rtCalls(locale, "<clinit>", "()V");
    assertTrue(jdk.contains("clinitBegin") && !jdk.contains("classInitBegin"), jdk.toString());
  }

  @Test
  void aLocaleProviderRunsIgnoredEvenWhenAnExceptionLeavesIt() throws Exception {
    String name = "sun/util/locale/LocaleProviderSample";
    org.objectweb.asm.ClassWriter renamed = new org.objectweb.asm.ClassWriter(0);
    new ClassReader(bytesOf(LocaleProviderSample.class)).accept(new org.objectweb.asm.commons.ClassRemapper(renamed,
        new org.objectweb.asm.commons.SimpleRemapper(LocaleProviderSample.class.getName().replace('.', '/'), name)), 0);
    byte[] rewritten = new ClassInstrumenter(new ClassFilter(List.of(), List.of()), new PcTable())
        .instrument(renamed.toByteArray(), Mode.MONITORS);
    assertNotNull(rewritten, "a locale provider is rewritten even with no monitor");
    ClassNode cn = new ClassNode();
    new ClassReader(rewritten).accept(cn, 0);
    for (MethodNode mn : cn.methods) {
      List<String> calls = rtCalls(cn, mn.name, mn.desc);
      if (mn.name.equals("<init>")) {
        assertEquals(List.of(), calls, "constructors are left alone");
        continue;
      }
      assertEquals("ignoreBegin", calls.get(0), mn.name);
      assertTrue(calls.stream().filter("ignoreEnd"::equals).count() >= 2, mn.name + ": a return and the handler");
      assertTrue(mn.tryCatchBlocks.stream().anyMatch(t -> t.type == null), mn.name + ": a catch-all handler");
    }
    // it verifies, and computes and throws what the original does
    Class<?> c = new OneClassLoader(name.replace('/', '.'), rewritten).loadClass(name.replace('/', '.'));
    Object p = c.getConstructor().newInstance();
    assertEquals(7, c.getMethod("lookup", int.class).invoke(p, 3));
    java.lang.reflect.InvocationTargetException e = org.junit.jupiter.api.Assertions.assertThrows(
        java.lang.reflect.InvocationTargetException.class, () -> c.getMethod("fail", int.class).invoke(null, 1));
    assertEquals("missing 1", e.getCause().getMessage());
  }

  @Test
  void hooksLeaveClassesWithoutHookedMethodsAlone() throws Exception {
    assertNull(new ClassInstrumenter(new ClassFilter(List.of(), List.of()), new PcTable())
        .instrument(bytesOf(Sample.class), Mode.HOOKS));
  }
}
