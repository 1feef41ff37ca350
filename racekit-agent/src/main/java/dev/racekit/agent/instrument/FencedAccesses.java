package dev.racekit.agent.instrument;

import static org.objectweb.asm.Opcodes.*;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Finds plain field accesses that a stand-alone fence turns into a release store or an acquire load: a write that
 * follows a release fence ({@code VarHandle.releaseFence(); this.value = v}) and a read that precedes an acquire fence
 * ({@code long v = this.value; VarHandle.acquireFence()}), with nothing between them but locals and constants. That is
 * how the Disruptor's {@code Sequence}, and code written like it, publishes with plain fields; the fence's own
 * definition (C/C++ fence semantics, which {@code VarHandle} adopts) makes such a pair synchronize, so the runtime
 * treats these accesses as volatile ones. A fence with anything else next to it (a call, a branch, another access)
 * still makes no edge.
 */
final class FencedAccesses {
  private static final int ACQUIRE = 1;
  private static final int RELEASE = 2;

  /** The GETFIELD/GETSTATIC and PUTFIELD/PUTSTATIC made atomic by an adjacent fence. */
  final Set<AbstractInsnNode> fenced = new HashSet<>();

  FencedAccesses(InsnList insns) {
    for (AbstractInsnNode insn = insns.getFirst(); insn != null; insn = insn.getNext()) {
      if (!(insn instanceof MethodInsnNode m)) {
        continue;
      }
      int kind = fenceKind(m);
      if ((kind & ACQUIRE) != 0) {
        AbstractInsnNode read = nearest(insn, false);
        if (read != null && (read.getOpcode() == GETFIELD || read.getOpcode() == GETSTATIC)) {
          fenced.add(read);
        }
      }
      if ((kind & RELEASE) != 0) {
        AbstractInsnNode write = nearest(insn, true);
        if (write != null && (write.getOpcode() == PUTFIELD || write.getOpcode() == PUTSTATIC)) {
          fenced.add(write);
        }
      }
    }
  }

  /** Which half a fence call orders: loads before it (acquire), stores after it (release), or both. */
  static int fenceKind(MethodInsnNode m) {
    boolean varHandle = m.getOpcode() == INVOKESTATIC && m.owner.equals("java/lang/invoke/VarHandle");
    boolean unsafe = m.getOpcode() == INVOKEVIRTUAL
        && (m.owner.equals("jdk/internal/misc/Unsafe") || m.owner.equals("sun/misc/Unsafe"));
    if (!(varHandle || unsafe) || !m.desc.equals("()V")) {
      return 0;
    }
    return switch (m.name) {
      case "acquireFence", "loadFence", "loadLoadFence" -> ACQUIRE;
      case "releaseFence", "storeFence", "storeStoreFence" -> RELEASE;
      case "fullFence" -> ACQUIRE | RELEASE;
      default -> 0;
    };
  }

  /**
   * The first field instruction after ({@code forward}) or before the fence, past labels, line numbers, frames, local
   * loads and stores, constants and the {@code Unsafe} instance; null when anything else comes first.
   */
  private static AbstractInsnNode nearest(AbstractInsnNode fence, boolean forward) {
    for (AbstractInsnNode i = forward ? fence.getNext() : fence.getPrevious(); i != null;
        i = forward ? i.getNext() : i.getPrevious()) {
      int op = i.getOpcode();
      if (op < 0 || (op >= ILOAD && op <= ALOAD) || (op >= ISTORE && op <= ASTORE)
          || (op >= ACONST_NULL && op <= LDC)) {
        continue; // a label, line number or frame; a local; a constant
      }
      if (op == GETSTATIC && (((FieldInsnNode) i).desc.equals("Lsun/misc/Unsafe;")
          || ((FieldInsnNode) i).desc.equals("Ljdk/internal/misc/Unsafe;"))) {
        continue; // the receiver of an Unsafe fence
      }
      return i instanceof FieldInsnNode ? i : null;
    }
    return null;
  }
}
