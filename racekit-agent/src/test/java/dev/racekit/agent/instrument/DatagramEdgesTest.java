package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.BasicVerifier;

/** The running JDK's {@code DatagramChannelImpl}, rewritten as the agent rewrites it when it retransforms it. */
class DatagramEdgesTest {
  @Test
  void everySendReleasesFirstAndEveryReturnOfTheReceiveAcquires() throws Exception {
    ClassNode cn = RetransformedJdkClass.rewritten(DatagramEdges.CHANNEL);
    Map<String, String> found = new TreeMap<>();
    for (MethodNode m : cn.methods) {
      List<String> seen = new ArrayList<>();
      for (AbstractInsnNode i : m.instructions) {
        String hook = i instanceof MethodInsnNode c && c.owner.equals("dev/racekit/agent/rt/Rt") ? c.name : "";
        if (hook.equals("beforeDatagramSend") || hook.equals("afterDatagramReceive")) {
          seen.add(hook.equals("beforeDatagramSend") ? "S" : "R");
        } else if (i.getOpcode() >= Opcodes.IRETURN && i.getOpcode() <= Opcodes.RETURN) {
          seen.add("ret");
        }
      }
      if (seen.contains("S") || seen.contains("R")) {
        new Analyzer<>(new BasicVerifier()).analyze(cn.name, m);
        found.put(m.name + m.desc, String.join(" ", seen));
      }
    }
    String send = "send(Ljava/io/FileDescriptor;Ljava/nio/ByteBuffer;Ljava/net/InetSocketAddress;)I";
    String receive = "receive(Ljava/nio/ByteBuffer;Z)I";
    assertEquals(List.of(receive, send), List.copyOf(found.keySet()));
    assertTrue(found.get(send).matches("S( ret)+"), found.get(send));
    assertTrue(found.get(receive).matches("(R ret ?)+"), found.get(receive));
  }
}
