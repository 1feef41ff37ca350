package dev.racekit.agent.instrument;

import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.DUP2;
import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.LCMP;
import static org.objectweb.asm.Opcodes.LCONST_0;
import static org.objectweb.asm.Opcodes.LRETURN;

import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The JDK methods through which a TCP connection's bytes pass, as Go's race build orders a write before the read that
 * sees it: the start of a write releases on the connection's sync object, a read that received bytes (or the end of
 * the stream) acquires it. Both ends of a connection inside one process name the same object (the pair of port
 * numbers, in either order), so a client and a server in one JVM are ordered by their requests and replies, and two
 * connections are not ordered by each other. {@code NioSocketImpl} carries {@code java.net.Socket}'s traffic (the
 * ports in {@code SocketImpl}'s fields), {@code SocketChannelImpl} the channels' and the channel-backed sockets' (its
 * two addresses); JDK 17 and later keep these names.
 */
final class SocketEdges {
  /** What a hooked method does with the connection's sync object. */
  enum Edge { RELEASE_AT_ENTRY, ACQUIRE_AT_RETURN }

  static final String SOCKET_IMPL = "sun/nio/ch/NioSocketImpl";
  static final String CHANNEL_IMPL = "sun/nio/ch/SocketChannelImpl";
  private static final String RT = "dev/racekit/agent/rt/Rt";

  private SocketEdges() {}

  static boolean hooksClass(String className) {
    return className.equals(SOCKET_IMPL) || className.equals(CHANNEL_IMPL);
  }

  /**
   * The edge of method {@code name}{@code desc} of class {@code cn}, or null for a method that moves no bytes, and
   * for every method of a class whose fields are not the ones the hooks read (a JDK that renamed them runs without
   * the edges, not with code that fails at its first read).
   */
  static Edge edgeOf(ClassNode cn, String name, String desc) {
    if (cn.name.equals(SOCKET_IMPL) && "java/net/SocketImpl".equals(cn.superName)) {
      // tryRead/tryWrite(FileDescriptor, byte[], int, int): the one place each read(2)/write(2) is made; the ports are
      // SocketImpl's protected fields, part of its API
      if (desc.equals("(Ljava/io/FileDescriptor;[BII)I")) {
        return name.equals("tryRead") ? Edge.ACQUIRE_AT_RETURN : name.equals("tryWrite") ? Edge.RELEASE_AT_ENTRY : null;
      }
      return null;
    }
    if (cn.name.equals(CHANNEL_IMPL) && declares(cn, "localAddress") && declares(cn, "remoteAddress")) {
      boolean buffers = desc.equals("(Ljava/nio/ByteBuffer;)I") || desc.equals("([Ljava/nio/ByteBuffer;II)J");
      if ((name.equals("read") && buffers) || (name.equals("blockingRead") && desc.equals("([BIIJ)I"))) {
        return Edge.ACQUIRE_AT_RETURN;
      }
      if ((name.equals("write") && buffers) || (name.equals("blockingWriteFully") && desc.equals("([BII)V"))) {
        return Edge.RELEASE_AT_ENTRY;
      }
    }
    return null;
  }

  private static boolean declares(ClassNode cn, String field) {
    for (FieldNode f : cn.fields) {
      if (f.name.equals(field) && f.desc.equals("Ljava/net/SocketAddress;") && (f.access & ACC_STATIC) == 0) {
        return true;
      }
    }
    return false;
  }

  /** At a write's entry: the release, with the connection's two ends read from {@code this}. */
  static InsnList beforeWrite(String className) {
    InsnList l = ends(className);
    l.add(new MethodInsnNode(INVOKESTATIC, RT, "beforeSocketWrite", endsDescriptor(className, ""), false));
    return l;
  }

  /**
   * Before a read's return ({@code returnOpcode}: an int or a long count on the stack, kept there): the acquire,
   * given how many bytes were read (a long count by its sign: bytes, nothing, the end of the stream).
   */
  static InsnList afterRead(String className, int returnOpcode) {
    InsnList l = new InsnList();
    if (returnOpcode == LRETURN) {
      l.add(new InsnNode(DUP2));
      l.add(new InsnNode(LCONST_0));
      l.add(new InsnNode(LCMP));
    } else {
      l.add(new InsnNode(DUP));
    }
    l.add(ends(className));
    l.add(new MethodInsnNode(INVOKESTATIC, RT, "afterSocketRead", endsDescriptor(className, "I"), false));
    return l;
  }

  private static InsnList ends(String className) {
    InsnList l = new InsnList();
    if (className.equals(SOCKET_IMPL)) {
      l.add(new VarInsnNode(ALOAD, 0));
      l.add(new FieldInsnNode(GETFIELD, SOCKET_IMPL, "localport", "I"));
      l.add(new VarInsnNode(ALOAD, 0));
      l.add(new FieldInsnNode(GETFIELD, SOCKET_IMPL, "port", "I"));
    } else {
      l.add(new VarInsnNode(ALOAD, 0));
      l.add(new FieldInsnNode(GETFIELD, CHANNEL_IMPL, "localAddress", "Ljava/net/SocketAddress;"));
      l.add(new VarInsnNode(ALOAD, 0));
      l.add(new FieldInsnNode(GETFIELD, CHANNEL_IMPL, "remoteAddress", "Ljava/net/SocketAddress;"));
    }
    return l;
  }

  private static String endsDescriptor(String className, String before) {
    String ends = className.equals(SOCKET_IMPL) ? "II" : "Ljava/lang/Object;Ljava/lang/Object;";
    return "(" + before + ends + ")V";
  }
}
