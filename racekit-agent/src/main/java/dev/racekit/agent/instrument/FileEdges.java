package dev.racekit.agent.instrument;

import static org.objectweb.asm.Opcodes.ACC_NATIVE;
import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;

import java.util.Set;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * A file's bytes order a write before the reads that follow it, as Go's race build orders every write(2) before every
 * later read(2): before each write the writer releases on the file's sync object, after each read the reader
 * acquires it. A file is named by the path it was opened with ({@code path}, a field of each of the four classes on
 * JDK 17 and later); a stream opened on a descriptor (standard output, a process's pipes) has none and makes no edge,
 * so two threads that print are not ordered by it. The hooks sit around the calls that do the I/O, inside the class
 * that makes them: {@code FileInputStream}, {@code FileOutputStream} and {@code RandomAccessFile} call their own
 * native methods, {@code FileChannelImpl} (every {@code java.nio.file.Files} read and write) calls {@code IOUtil}.
 */
final class FileEdges {
  private static final String RT = "dev/racekit/agent/rt/Rt";
  private static final String CHANNEL = "sun/nio/ch/FileChannelImpl";
  private static final String IO_UTIL = "sun/nio/ch/IOUtil";
  private static final Set<String> STREAMS =
      Set.of("java/io/FileInputStream", "java/io/FileOutputStream", "java/io/RandomAccessFile");
  /** The streams' native reads ({@code RandomAccessFile}'s were renamed with a 0 on JDK 21). */
  private static final Set<String> NATIVE_READS = Set.of("read0()I", "readBytes([BII)I", "readBytes0([BII)I");
  private static final Set<String> NATIVE_WRITES =
      Set.of("write(IZ)V", "writeBytes([BIIZ)V", "write0(I)V", "writeBytes([BII)V", "writeBytes0([BII)V");

  /** What a call site does to its file. */
  enum Edge { RELEASE_BEFORE, ACQUIRE_AFTER }

  private FileEdges() {}

  static boolean hooksClass(String className) {
    return STREAMS.contains(className) || className.equals(CHANNEL);
  }

  /**
   * The edge of call {@code call} inside instance method {@code mn} of {@code cn}, or null: a call that moves no
   * bytes, a static method (no {@code this} to name the file), or a class without the {@code path} field expected
   * (a JDK that changed it runs without the edges, not with code that fails at its first read).
   */
  static Edge edgeOf(ClassNode cn, MethodNode mn, MethodInsnNode call) {
    if ((mn.access & ACC_STATIC) != 0 || !hooksClass(cn.name) || !declaresPath(cn)) {
      return null;
    }
    if (cn.name.equals(CHANNEL)) {
      if (!call.owner.equals(IO_UTIL) || call.getOpcode() != INVOKESTATIC) {
        return null;
      }
      return call.name.equals("read") ? Edge.ACQUIRE_AFTER : call.name.equals("write") ? Edge.RELEASE_BEFORE : null;
    }
    if (!call.owner.equals(cn.name) || !isNative(cn, call)) {
      return null;
    }
    String signature = call.name + call.desc;
    return NATIVE_READS.contains(signature) ? Edge.ACQUIRE_AFTER
        : NATIVE_WRITES.contains(signature) ? Edge.RELEASE_BEFORE : null;
  }

  private static boolean isNative(ClassNode cn, MethodInsnNode call) {
    for (MethodNode m : cn.methods) {
      if (m.name.equals(call.name) && m.desc.equals(call.desc)) {
        return (m.access & ACC_NATIVE) != 0;
      }
    }
    return false;
  }

  private static boolean declaresPath(ClassNode cn) {
    for (FieldNode f : cn.fields) {
      if (f.name.equals("path") && f.desc.equals("Ljava/lang/String;") && (f.access & ACC_STATIC) == 0) {
        return true;
      }
    }
    return false;
  }

  /** Puts the runtime call for {@code call}'s edge beside it; false (nothing changed) for a call with none. */
  static boolean hookCall(ClassNode cn, MethodNode mn, MethodInsnNode call) {
    Edge edge = edgeOf(cn, mn, call);
    if (edge == Edge.RELEASE_BEFORE) {
      mn.instructions.insertBefore(call, hook(cn.name, edge));
    } else if (edge == Edge.ACQUIRE_AFTER) {
      mn.instructions.insert(call, hook(cn.name, edge));
    }
    return edge != null;
  }

  /** The runtime call for {@code edge}, naming the file by {@code this}'s path; it leaves the stack as it was. */
  private static InsnList hook(String className, Edge edge) {
    InsnList l = new InsnList();
    l.add(new VarInsnNode(ALOAD, 0));
    l.add(new FieldInsnNode(GETFIELD, className, "path", "Ljava/lang/String;"));
    l.add(new MethodInsnNode(INVOKESTATIC, RT, edge == Edge.RELEASE_BEFORE ? "beforeFileWrite" : "afterFileRead",
        "(Ljava/lang/String;)V", false));
    return l;
  }
}
