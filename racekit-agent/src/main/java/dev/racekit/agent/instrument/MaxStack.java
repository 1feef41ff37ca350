package dev.racekit.agent.instrument;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The operand stack and locals a method needs, from its code by data flow, for a method that has no stack map
 * frames. The JVM keeps no StackMapTable for a class it does not verify (the boot loader's), so a JDK class that
 * was loaded before the agent comes back to the retransformation without frames; for such a method ASM's
 * {@code COMPUTE_MAXS} counted only part of the code (a JDK 17 {@code ServiceLoader.loadProvider} needing 8 stack
 * slots got 6, then 4 once a call was added). Nothing verifies that class either, so the rewrite ran past its
 * stack, and the JVM died computing the method's oop map for a collection ("Illegal class file encountered").
 */
final class MaxStack {
  private MaxStack() {}

  /**
   * Whether {@code mn}, as read, branches or handles exceptions but has no stack map frame (the JVM dropped its
   * StackMapTable, or the class predates them): its maxima must come from {@link #set}. Straight-line code needs no
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
   * Sets {@code mn.maxLocals} to cover every local its code uses and {@code mn.maxStack} to the deepest operand
   * stack on any path the JVM can take (every value an instruction pushes is on the stack before the instruction
   * that consumes it, so the deepest stack before an instruction is the maximum).
   */
  static void set(String owner, MethodNode mn) throws AnalyzerException {
    int locals = mn.maxLocals;
    for (AbstractInsnNode i : mn.instructions) {
      if (i instanceof VarInsnNode v) {
        int size = switch (v.getOpcode()) {
          case org.objectweb.asm.Opcodes.LLOAD, org.objectweb.asm.Opcodes.DLOAD, org.objectweb.asm.Opcodes.LSTORE,
              org.objectweb.asm.Opcodes.DSTORE -> 2;
          default -> 1;
        };
        locals = Math.max(locals, v.var + size);
      } else if (i instanceof IincInsnNode inc) {
        locals = Math.max(locals, inc.var + 1);
      }
    }
    mn.maxLocals = locals;
    mn.maxStack = 0xFFFF; // the analyzer refuses a push past maxStack
    int max = 0;
    for (Frame<BasicValue> f : new Analyzer<>(new BasicInterpreter()).analyze(owner, mn)) {
      if (f != null) {
        int depth = 0;
        for (int k = 0; k < f.getStackSize(); k++) {
          depth += f.getStack(k).getSize();
        }
        max = Math.max(max, depth);
      }
    }
    mn.maxStack = max;
  }
}
