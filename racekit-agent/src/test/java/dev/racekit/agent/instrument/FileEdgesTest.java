package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.BasicVerifier;

/** The running JDK's file classes, rewritten as the agent rewrites them when it retransforms them. */
class FileEdgesTest {
  private static final String RT = "dev/racekit/agent/rt/Rt";
  /** The calls that move a file's bytes, as this test knows them (not taken from {@link FileEdges}). */
  private static final Set<String> READS = Set.of("read0()I", "readBytes([BII)I", "readBytes0([BII)I");
  private static final Set<String> WRITES =
      Set.of("write(IZ)V", "writeBytes([BIIZ)V", "write0(I)V", "writeBytes([BII)V", "writeBytes0([BII)V");

  private static boolean movesBytes(ClassNode cn, MethodInsnNode call, Set<String> kind) {
    if (cn.name.equals("sun/nio/ch/FileChannelImpl")) {
      return call.owner.equals("sun/nio/ch/IOUtil") && call.name.equals(kind == READS ? "read" : "write");
    }
    // a native method of the class itself (RandomAccessFile's readBytes is a Java wrapper of readBytes0 on JDK 21+)
    return call.owner.equals(cn.name) && kind.contains(call.name + call.desc) && cn.methods.stream().anyMatch(
        m -> m.name.equals(call.name) && m.desc.equals(call.desc) && (m.access & Opcodes.ACC_NATIVE) != 0);
  }

  /** The hook next to {@code call} ({@code after} it or before it), with {@code this.path} as its argument, or null. */
  private static String hookBeside(MethodInsnNode call, boolean after) {
    // before: aload 0, getfield path, the hook, the call; after: the call, aload 0, getfield path, the hook
    AbstractInsnNode path = after ? call.getNext().getNext() : call.getPrevious().getPrevious();
    AbstractInsnNode hook = after ? path.getNext() : call.getPrevious();
    if (hook instanceof MethodInsnNode h && h.owner.equals(RT) && path instanceof FieldInsnNode f
        && f.name.equals("path") && f.getOpcode() == Opcodes.GETFIELD) {
      return h.name;
    }
    return null;
  }

  /**
   * Counts {reads, writes, calls to Rt's file hooks} in {@code cn}'s instance methods; with {@code strict}, fails on a
   * read or a write left without its hook.
   */
  private static int[] hooked(ClassNode cn, boolean strict) throws Exception {
    int[] n = new int[3];
    for (MethodNode m : cn.methods) {
      boolean any = false;
      for (AbstractInsnNode i : m.instructions) {
        if (!(i instanceof MethodInsnNode call)) {
          continue;
        }
        if (call.owner.equals(RT) && (call.name.equals("beforeFileWrite") || call.name.equals("afterFileRead"))) {
          n[2]++;
          any = true;
        } else if ((m.access & Opcodes.ACC_STATIC) == 0 && movesBytes(cn, call, READS)) {
          if (strict) {
            assertEquals("afterFileRead", hookBeside(call, true), m.name + m.desc + " reads with no acquire after");
          }
          n[0]++;
        } else if ((m.access & Opcodes.ACC_STATIC) == 0 && movesBytes(cn, call, WRITES)) {
          if (strict) {
            assertEquals("beforeFileWrite", hookBeside(call, false), m.name + m.desc + " writes with no release first");
          }
          n[1]++;
        }
      }
      if (any) {
        new Analyzer<>(new BasicVerifier()).analyze(cn.name, m); // the hooks' argument is the String they declare
      }
    }
    return n;
  }

  @Test
  void everyReadOfAFileAcquiresAfterItAndEveryWriteReleasesBeforeIt() throws Exception {
    int[] in = hooked(RetransformedJdkClass.rewritten("java/io/FileInputStream"), true);
    assertTrue(in[0] >= 2 && in[1] == 0 && in[2] == in[0], "FileInputStream " + List.of(in[0], in[1], in[2]));
    int[] out = hooked(RetransformedJdkClass.rewritten("java/io/FileOutputStream"), true);
    assertTrue(out[0] == 0 && out[1] >= 2 && out[2] == out[1], "FileOutputStream " + List.of(out[0], out[1], out[2]));
    for (String both : List.of("java/io/RandomAccessFile", "sun/nio/ch/FileChannelImpl")) {
      int[] n = hooked(RetransformedJdkClass.rewritten(both), true);
      assertTrue(n[0] >= 2 && n[1] >= 2 && n[2] == n[0] + n[1], both + " " + List.of(n[0], n[1], n[2]));
    }
  }

  @Test
  void aClassWithoutThePathFieldTheHooksReadGetsNoHook() throws Exception {
    ClassNode renamed = new ClassNode();
    new ClassReader(RetransformedJdkClass.bytes("java/io/FileInputStream")).accept(renamed, 0);
    renamed.fields.stream().filter(f -> f.name.equals("path")).forEach(f -> f.name = "name");
    for (MethodNode m : renamed.methods) {
      for (AbstractInsnNode i : m.instructions) {
        if (i instanceof FieldInsnNode f && f.name.equals("path")) {
          f.name = "name";
        }
      }
    }
    ClassWriter w = new ClassWriter(0);
    renamed.accept(w);
    int[] n = hooked(RetransformedJdkClass.rewritten("java/io/FileInputStream", w.toByteArray()), false);
    assertTrue(n[0] >= 2, "its reads are still there");
    assertEquals(0, n[2], "and none of them is hooked");
  }
}
