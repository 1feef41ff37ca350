package dev.racekit.agent.instrument;

import static org.objectweb.asm.Opcodes.*;

import java.util.Arrays;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The operand stack a method needs, from its code by data flow, for a method that has no stack map frames. The JVM
 * keeps no StackMapTable for a class it does not verify (the boot loader's), so a JDK class that was loaded before
 * the agent comes back to the retransformation without frames; for such a method ASM's {@code COMPUTE_MAXS} counted
 * only part of the code (a JDK 17 {@code ServiceLoader.loadProvider} needing 8 stack slots got 6, then 4 once a call
 * was added). Nothing verifies that class either, so the rewrite ran past its stack, and the JVM died computing the
 * method's oop map for a collection ("Illegal class file encountered").
 *
 * <p>Only the depth is followed, one int per instruction (in code the JVM accepts it is the same on every path to
 * an instruction): a full type analysis (ASM's analyzer) of every such method made a JDK 17 start-up without the
 * class cache take 8 s instead of 1.
 */
final class MaxStack {
  private MaxStack() {}

  /**
   * Whether {@code mn}, as read, branches or handles exceptions but has no stack map frame (the JVM dropped its
   * StackMapTable, or the class predates them): its max stack must come from {@link #of}. Straight-line code needs no
   * frame and is counted right.
   */
  static boolean frameless(MethodNode mn) {
    boolean branches = !mn.tryCatchBlocks.isEmpty();
    for (AbstractInsnNode i : mn.instructions) {
      if (i instanceof FrameNode) {
        return false;
      }
      branches |= i instanceof JumpInsnNode || i instanceof TableSwitchInsnNode || i instanceof LookupSwitchInsnNode;
    }
    return branches;
  }

  /**
   * The deepest operand stack, in slots, on any path from the method's entry or from one of its handlers (entered with
   * the exception on the stack); code reached from neither is never run and not counted.
   */
  static int of(MethodNode mn) {
    InsnList code = mn.instructions;
    int n = code.size();
    int[] depth = new int[n];
    Arrays.fill(depth, -1);
    int[] work = new int[n + mn.tryCatchBlocks.size() + 1];
    int top = 0;
    int max = 0;
    if (n > 0) {
      depth[0] = 0;
      work[top++] = 0;
    }
    for (TryCatchBlockNode t : mn.tryCatchBlocks) {
      int h = code.indexOf(t.handler);
      if (depth[h] < 0) {
        depth[h] = 1;
        work[top++] = h;
        max = Math.max(max, 1);
      }
    }
    while (top > 0) {
      int i = work[--top];
      AbstractInsnNode insn = code.get(i);
      int after = depth[i] + delta(insn);
      max = Math.max(max, after);
      int op = insn.getOpcode();
      if (insn instanceof JumpInsnNode j) {
        // a jsr's subroutine starts with the return address pushed, and the code after it runs once it returns
        top = reach(depth, work, top, code.indexOf(j.label), op == JSR ? depth[i] + 1 : after);
        if (op == GOTO) {
          continue;
        }
        after = op == JSR ? depth[i] : after;
      } else if (insn instanceof TableSwitchInsnNode s) {
        top = reach(depth, work, top, code.indexOf(s.dflt), after);
        for (LabelNode l : s.labels) {
          top = reach(depth, work, top, code.indexOf(l), after);
        }
        continue;
      } else if (insn instanceof LookupSwitchInsnNode s) {
        top = reach(depth, work, top, code.indexOf(s.dflt), after);
        for (LabelNode l : s.labels) {
          top = reach(depth, work, top, code.indexOf(l), after);
        }
        continue;
      } else if ((op >= IRETURN && op <= RETURN) || op == ATHROW || op == RET) {
        continue;
      }
      if (i + 1 < n) {
        top = reach(depth, work, top, i + 1, after);
      }
    }
    return max;
  }

  private static int reach(int[] depth, int[] work, int top, int target, int d) {
    if (depth[target] < 0) {
      depth[target] = d;
      work[top++] = target;
    }
    return top;
  }

  /** How many slots {@code insn} leaves on the stack minus how many it takes (0 for labels, lines, frames). */
  private static int delta(AbstractInsnNode insn) {
    int op = insn.getOpcode();
    switch (op) {
      case -1, NOP, IINC, INEG, FNEG, LNEG, DNEG, I2F, F2I, L2D, D2L, I2B, I2C, I2S, SWAP, GOTO, RET, NEWARRAY,
          ANEWARRAY, ARRAYLENGTH, CHECKCAST, INSTANCEOF, LALOAD, DALOAD, RETURN, ATHROW -> {
        return 0;
      }
      case ACONST_NULL, ICONST_M1, ICONST_0, ICONST_1, ICONST_2, ICONST_3, ICONST_4, ICONST_5, FCONST_0, FCONST_1,
          FCONST_2, BIPUSH, SIPUSH, ILOAD, FLOAD, ALOAD, DUP, DUP_X1, DUP_X2, I2L, I2D, F2L, F2D, NEW, JSR -> {
        return 1;
      }
      case LCONST_0, LCONST_1, DCONST_0, DCONST_1, LLOAD, DLOAD, DUP2, DUP2_X1, DUP2_X2 -> {
        return 2;
      }
      case IALOAD, FALOAD, AALOAD, BALOAD, CALOAD, SALOAD, ISTORE, FSTORE, ASTORE, POP, IADD, FADD, ISUB, FSUB, IMUL,
          FMUL, IDIV, FDIV, IREM, FREM, ISHL, ISHR, IUSHR, LSHL, LSHR, LUSHR, IAND, IOR, IXOR, L2I, L2F, D2I, D2F,
          FCMPL, FCMPG, IFEQ, IFNE, IFLT, IFGE, IFGT, IFLE, IFNULL, IFNONNULL, TABLESWITCH, LOOKUPSWITCH, IRETURN,
          FRETURN, ARETURN, MONITORENTER, MONITOREXIT -> {
        return -1;
      }
      case LSTORE, DSTORE, POP2, LADD, DADD, LSUB, DSUB, LMUL, DMUL, LDIV, DDIV, LREM, DREM, LAND, LOR, LXOR,
          IF_ICMPEQ, IF_ICMPNE, IF_ICMPLT, IF_ICMPGE, IF_ICMPGT, IF_ICMPLE, IF_ACMPEQ, IF_ACMPNE, LRETURN, DRETURN -> {
        return -2;
      }
      case IASTORE, FASTORE, AASTORE, BASTORE, CASTORE, SASTORE, LCMP, DCMPL, DCMPG -> {
        return -3;
      }
      case LASTORE, DASTORE -> {
        return -4;
      }
      case LDC -> {
        Object c = ((LdcInsnNode) insn).cst;
        boolean wide = c instanceof Long || c instanceof Double
            || (c instanceof ConstantDynamic d && Type.getType(d.getDescriptor()).getSize() == 2);
        return wide ? 2 : 1;
      }
      case GETSTATIC, PUTSTATIC, GETFIELD, PUTFIELD -> {
        int size = Type.getType(((FieldInsnNode) insn).desc).getSize();
        return switch (op) {
          case GETSTATIC -> size;
          case PUTSTATIC -> -size;
          case GETFIELD -> size - 1;
          default -> -size - 1;
        };
      }
      case INVOKEVIRTUAL, INVOKESPECIAL, INVOKESTATIC, INVOKEINTERFACE -> {
        int sizes = Type.getArgumentsAndReturnSizes(((MethodInsnNode) insn).desc); // arguments count a receiver
        return (sizes & 3) - (sizes >> 2) + (op == INVOKESTATIC ? 1 : 0);
      }
      case INVOKEDYNAMIC -> {
        int sizes = Type.getArgumentsAndReturnSizes(((InvokeDynamicInsnNode) insn).desc);
        return (sizes & 3) - (sizes >> 2) + 1;
      }
      case MULTIANEWARRAY -> {
        return 1 - ((MultiANewArrayInsnNode) insn).dims;
      }
      default -> throw new IllegalArgumentException("no stack effect for opcode " + op);
    }
  }
}
