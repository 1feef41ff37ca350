package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.racekit.agent.ClassFilter;
import dev.racekit.agent.ClassFilter.Mode;
import dev.racekit.agent.rt.PcTable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** A reference's constructor releases what it wrote; taking a reference from its queue acquires it. */
class ReferenceEdgesTest {
  static final class Tracked extends WeakReference<Object> {
    int size;

    Tracked(Object referent, ReferenceQueue<Object> queue, int size) {
      super(referent, queue);
      this.size = size;
    }

    static int drain(ReferenceQueue<Object> queue) throws InterruptedException {
      Object first = queue.poll();
      Object second = queue.remove(1);
      return (first == null ? 0 : 1) + (second == null ? 0 : 1);
    }
  }

  static final class NotAReference {
    int size;

    NotAReference(int size) {
      this.size = size;
    }
  }

  private static List<String> runtimeCalls(Class<?> c, String method) throws IOException {
    String simple = c.getName().substring(c.getName().lastIndexOf('.') + 1);
    byte[] original;
    try (InputStream in = c.getResourceAsStream(simple + ".class")) {
      original = in.readAllBytes();
    }
    ClassNode cn = new ClassNode();
    new ClassReader(new ClassInstrumenter(new ClassFilter(List.of(), List.of()), new PcTable())
        .instrument(original, Mode.FULL)).accept(cn, 0);
    List<String> calls = new ArrayList<>();
    for (MethodNode m : cn.methods) {
      if (m.name.equals(method)) {
        for (AbstractInsnNode i : m.instructions) {
          if (i instanceof MethodInsnNode call && call.owner.equals("dev/racekit/agent/rt/Rt")
              && (call.name.equals("published") || call.name.equals("dequeued"))) {
            calls.add(call.name);
          }
        }
      }
    }
    return calls;
  }

  @Test
  void aReferencesConstructorReleasesAndEachDequeueAcquires() throws IOException {
    assertEquals(List.of("published"), runtimeCalls(Tracked.class, "<init>"));
    assertEquals(List.of("dequeued", "dequeued"), runtimeCalls(Tracked.class, "drain"));
    assertEquals(List.of(), runtimeCalls(NotAReference.class, "<init>"));
  }
}
