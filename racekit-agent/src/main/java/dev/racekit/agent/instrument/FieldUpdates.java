package dev.racekit.agent.instrument;

import static org.objectweb.asm.Opcodes.*;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Finds read-modify-write updates of one field within straight-line code: {@code DUP; GETFIELD f; <arithmetic>;
 * PUTFIELD f} (javac's {@code x.f++}, {@code x.f += y}), {@code ALOAD n; ALOAD n; GETFIELD f; <arithmetic>; PUTFIELD f}
 * ({@code f = f * k + c}) and {@code GETSTATIC f; <arithmetic>; PUTSTATIC f}. The
 * arithmetic may only push locals and constants and combine them, never consume the receiver below the field's value,
 * throw, branch or call; so the PUTFIELD stores into the object the GETFIELD read. Such a read needs no event of its
 * own: the write at the PUTFIELD covers it.
 */
final class FieldUpdates {
  /** The GETFIELD/GETSTATIC whose event is folded into its update. */
  final Set<AbstractInsnNode> foldedReads = new HashSet<>();
  /** The PUTFIELD/PUTSTATIC that stand for a read and a write. */
  final Set<AbstractInsnNode> updates = new HashSet<>();

  FieldUpdates(InsnList insns) {
    for (AbstractInsnNode insn = insns.getFirst(); insn != null; insn = insn.getNext()) {
      int op = insn.getOpcode();
      if (op == GETFIELD && sameReceiverBelow(insn)) {
        match((FieldInsnNode) insn, PUTFIELD);
      } else if (op == GETSTATIC) {
        match((FieldInsnNode) insn, PUTSTATIC);
      }
    }
  }

  private void match(FieldInsnNode read, int writeOp) {
    int depth = Type.getType(read.desc).getSize();
    for (AbstractInsnNode insn = read.getNext(); insn != null; insn = insn.getNext()) {
      if (insn instanceof LineNumberNode) {
        continue;
      }
      int op = insn.getOpcode();
      if (op == writeOp) {
        FieldInsnNode w = (FieldInsnNode) insn;
        if (w.owner.equals(read.owner) && w.name.equals(read.name) && w.desc.equals(read.desc)
            && depth == Type.getType(w.desc).getSize()) {
          foldedReads.add(read);
          updates.add(w);
        }
        return;
      }
      int[] effect = effect(insn);
      if (effect == null || depth < effect[0]) {
        return;
      }
      depth += effect[1] - effect[0];
    }
  }

  /** {@code DUP; GETFIELD} or {@code ALOAD n; ALOAD n; GETFIELD}: the value under the receiver is the receiver. */
  private static boolean sameReceiverBelow(AbstractInsnNode getfield) {
    AbstractInsnNode p = previous(getfield);
    if (p == null) {
      return false;
    }
    if (p.getOpcode() == DUP) {
      return true;
    }
    AbstractInsnNode pp = previous(p);
    return p.getOpcode() == ALOAD && pp != null && pp.getOpcode() == ALOAD
        && ((VarInsnNode) p).var == ((VarInsnNode) pp).var;
  }

  private static AbstractInsnNode previous(AbstractInsnNode insn) {
    AbstractInsnNode p = insn.getPrevious();
    while (p instanceof LineNumberNode) {
      p = p.getPrevious();
    }
    return p;
  }

  /** {slots popped, slots pushed} of an instruction that cannot throw, branch or call; null for any other. */
  private static int[] effect(AbstractInsnNode insn) {
    int op = insn.getOpcode();
    switch (op) {
      case ILOAD, FLOAD, ALOAD, ICONST_M1, ICONST_0, ICONST_1, ICONST_2, ICONST_3, ICONST_4, ICONST_5, FCONST_0,
          FCONST_1, FCONST_2, BIPUSH, SIPUSH -> {
        return new int[] {0, 1};
      }
      case LLOAD, DLOAD, LCONST_0, LCONST_1, DCONST_0, DCONST_1 -> {
        return new int[] {0, 2};
      }
      case LDC -> {
        Object c = ((LdcInsnNode) insn).cst;
        return c instanceof Integer || c instanceof Float ? new int[] {0, 1}
            : c instanceof Long || c instanceof Double ? new int[] {0, 2} : null;
      }
      case IADD, ISUB, IMUL, IAND, IOR, IXOR, ISHL, ISHR, IUSHR, FADD, FSUB, FMUL, FDIV, FREM -> {
        return new int[] {2, 1};
      }
      case LADD, LSUB, LMUL, LAND, LOR, LXOR, DADD, DSUB, DMUL, DDIV, DREM -> {
        return new int[] {4, 2};
      }
      case LSHL, LSHR, LUSHR -> {
        return new int[] {3, 2};
      }
      case INEG, FNEG, I2F, F2I, I2B, I2C, I2S -> {
        return new int[] {1, 1};
      }
      case LNEG, DNEG, L2D, D2L -> {
        return new int[] {2, 2};
      }
      case I2L, I2D, F2L, F2D -> {
        return new int[] {1, 2};
      }
      case L2I, L2F, D2I, D2F -> {
        return new int[] {2, 1};
      }
      default -> {
        return null;
      }
    }
  }
}
