package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** Which plain field accesses a stand-alone fence next to them makes a release store or an acquire load. */
class FencedAccessesTest {
  /** The patterns, compiled by javac as any library's would be. */
  @SuppressWarnings("unused")
  static final class Patterns {
    long value;
    long other;
    static int flag;

    long acquireLoad() {
      long v = value;
      VarHandle.acquireFence();
      return v;
    }

    void releaseStore(long v) {
      VarHandle.releaseFence();
      value = v;
    }

    void releaseStoreThenFullFence(long v) {
      VarHandle.releaseFence();
      value = v;
      VarHandle.fullFence();
    }

    long anotherAccessBetween() {
      long v = value;
      other = v;
      VarHandle.acquireFence();
      return v;
    }

    void callBetween(long v) {
      VarHandle.releaseFence();
      helper();
      value = v;
    }

    static void staticRelease() {
      VarHandle.releaseFence();
      flag = 1;
    }

    void fenceAfterStore(long v) {
      value = v;
      VarHandle.releaseFence();
    }

    private void helper() {}
  }

  @Test
  void onlyTheAccessNextToTheFenceOnItsOrderedSideIsFenced() throws IOException {
    ClassNode cn = new ClassNode();
    try (InputStream in = Patterns.class.getResourceAsStream("FencedAccessesTest$Patterns.class")) {
      new ClassReader(in.readAllBytes()).accept(cn, 0);
    }
    Map<String, List<String>> fenced = new TreeMap<>();
    for (MethodNode mn : cn.methods) {
      List<String> found = new ArrayList<>();
      FencedAccesses f = new FencedAccesses(mn.instructions);
      for (AbstractInsnNode i : mn.instructions) {
        if (f.fenced.contains(i)) {
          String kind = i.getOpcode() == org.objectweb.asm.Opcodes.GETFIELD ? "read " : "write ";
          found.add(kind + ((FieldInsnNode) i).name);
        }
      }
      fenced.put(mn.name, found);
    }
    assertEquals(List.of("read value"), fenced.get("acquireLoad"));
    assertEquals(List.of("write value"), fenced.get("releaseStore"));
    assertEquals(List.of("write value"), fenced.get("releaseStoreThenFullFence"));
    assertEquals(List.of(), fenced.get("anotherAccessBetween"));
    assertEquals(List.of(), fenced.get("callBetween"));
    assertEquals(List.of("write flag"), fenced.get("staticRelease"));
    assertEquals(List.of(), fenced.get("fenceAfterStore"), "a release fence orders the stores after it, not before");
  }
}
