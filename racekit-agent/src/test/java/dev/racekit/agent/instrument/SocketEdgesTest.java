package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.BasicVerifier;

/** The running JDK's own socket classes, rewritten as the agent rewrites them when it retransforms them. */
class SocketEdgesTest {
  /** Each method's socket hooks, in order: "W" for a release at entry, "R" for an acquire, "ret" for a return. */
  private static Map<String, String> hooks(ClassNode cn) throws Exception {
    Map<String, String> found = new TreeMap<>();
    for (MethodNode m : cn.methods) {
      List<String> seen = new ArrayList<>();
      boolean any = false;
      for (AbstractInsnNode i : m.instructions) {
        String hook = i instanceof MethodInsnNode c && c.owner.equals("dev/racekit/agent/rt/Rt") ? c.name : "";
        if (hook.equals("beforeSocketWrite") || hook.equals("afterSocketRead")) {
          seen.add(hook.equals("beforeSocketWrite") ? "W" : "R");
          any = true;
        } else if (i.getOpcode() >= Opcodes.IRETURN && i.getOpcode() <= Opcodes.RETURN) {
          seen.add("ret");
        }
      }
      if (any) {
        new Analyzer<>(new BasicVerifier()).analyze(cn.name, m); // the hook's arguments are what it declares
        found.put(m.name + m.desc, String.join(" ", seen));
      }
    }
    return found;
  }

  private static void assertEachReturnAcquires(String hooks) {
    assertTrue(hooks.matches("(R ret ?)+"), hooks);
  }

  @Test
  void aSocketWriteReleasesFirstAndEachReturnOfARead() throws Exception {
    Map<String, String> h = hooks(RetransformedJdkClass.rewritten(SocketEdges.SOCKET_IMPL));
    assertEquals(List.of("tryRead(Ljava/io/FileDescriptor;[BII)I", "tryWrite(Ljava/io/FileDescriptor;[BII)I"),
        List.copyOf(h.keySet()));
    assertTrue(h.get("tryWrite(Ljava/io/FileDescriptor;[BII)I").matches("W( ret)+"));
    assertEachReturnAcquires(h.get("tryRead(Ljava/io/FileDescriptor;[BII)I"));
  }

  @Test
  void aChannelsBufferAndStreamReadsAndWritesAreHooked() throws Exception {
    Map<String, String> h = hooks(RetransformedJdkClass.rewritten(SocketEdges.CHANNEL_IMPL));
    assertEquals(List.of("blockingRead([BIIJ)I", "blockingWriteFully([BII)V", "read(Ljava/nio/ByteBuffer;)I",
        "read([Ljava/nio/ByteBuffer;II)J", "write(Ljava/nio/ByteBuffer;)I", "write([Ljava/nio/ByteBuffer;II)J"),
        List.copyOf(h.keySet()));
    for (String read : List.of("blockingRead([BIIJ)I", "read(Ljava/nio/ByteBuffer;)I",
        "read([Ljava/nio/ByteBuffer;II)J")) {
      assertEachReturnAcquires(h.get(read));
    }
    for (String write : List.of("blockingWriteFully([BII)V", "write(Ljava/nio/ByteBuffer;)I",
        "write([Ljava/nio/ByteBuffer;II)J")) {
      assertTrue(h.get(write).matches("W( ret)+"), write + ": " + h.get(write));
    }
  }

  @Test
  void aChannelWhoseAddressFieldsAreNotTheOnesTheHooksReadGetsNoHook() throws Exception {
    ClassNode renamed = new ClassNode();
    new ClassReader(RetransformedJdkClass.bytes(SocketEdges.CHANNEL_IMPL)).accept(renamed, 0);
    renamed.fields.stream().filter(f -> f.name.equals("remoteAddress")).forEach(f -> f.name = "peer");
    ClassWriter w = new ClassWriter(0);
    renamed.accept(w);
    assertEquals(Map.of(), hooks(RetransformedJdkClass.rewritten(SocketEdges.CHANNEL_IMPL, w.toByteArray())));
  }
}
