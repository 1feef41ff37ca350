package dev.racekit.agent.instrument;

import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;

import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * UDP's edges, in the JDK's {@code DatagramChannelImpl} (which also carries {@code java.net.DatagramSocket}'s
 * datagrams): a send releases on the sync object of the port it is sent to, a receive that got a datagram acquires
 * the one of its own port. A datagram names no connection, so every sender to a port shares that port's object (as
 * ThreadSanitizer's one object for all sockets does). The hooks are in the two private methods every send and receive
 * goes through on JDK 17 and later; a connected channel's {@code read} and {@code write} make no edge.
 */
final class DatagramEdges {
  static final String CHANNEL = "sun/nio/ch/DatagramChannelImpl";
  private static final String RT = "dev/racekit/agent/rt/Rt";
  private static final String SEND = "(Ljava/io/FileDescriptor;Ljava/nio/ByteBuffer;Ljava/net/InetSocketAddress;)I";
  private static final String RECEIVE = "(Ljava/nio/ByteBuffer;Z)I";

  private DatagramEdges() {}

  /** Whether {@code cn}'s method {@code name}{@code desc} is the send (at its entry: the release). */
  static boolean isSend(ClassNode cn, String name, String desc) {
    return cn.name.equals(CHANNEL) && name.equals("send") && desc.equals(SEND) && declaresLocalAddress(cn);
  }

  /** Whether it is the receive (before each return: the acquire, given the count it returns). */
  static boolean isReceive(ClassNode cn, String name, String desc) {
    return cn.name.equals(CHANNEL) && name.equals("receive") && desc.equals(RECEIVE) && declaresLocalAddress(cn);
  }

  private static boolean declaresLocalAddress(ClassNode cn) {
    for (FieldNode f : cn.fields) {
      if (f.name.equals("localAddress") && f.desc.equals("Ljava/net/InetSocketAddress;")
          && (f.access & ACC_STATIC) == 0) {
        return true;
      }
    }
    return false;
  }

  /** At the send's entry: its third argument is where the datagram goes. */
  static InsnList beforeSend() {
    InsnList l = new InsnList();
    l.add(new VarInsnNode(ALOAD, 3));
    l.add(new MethodInsnNode(INVOKESTATIC, RT, "beforeDatagramSend", "(Ljava/lang/Object;)V", false));
    return l;
  }

  /** Before a return of the receive: the count on the stack (kept there) and the channel's own address. */
  static InsnList afterReceive() {
    InsnList l = new InsnList();
    l.add(new InsnNode(DUP));
    l.add(new VarInsnNode(ALOAD, 0));
    l.add(new FieldInsnNode(GETFIELD, CHANNEL, "localAddress", "Ljava/net/InetSocketAddress;"));
    l.add(new MethodInsnNode(INVOKESTATIC, RT, "afterDatagramReceive", "(ILjava/lang/Object;)V", false));
    return l;
  }
}
