package dev.racekit.agent.instrument;

import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The bytecode index of each instruction of a method read into a tree, recomputed from instruction sizes (the tree
 * API keeps none): {@code ldc} vs {@code ldc_w} from the class's constant pool, {@code wide} forms, switch padding.
 */
final class BytecodeOffsets {
  private final Map<Object, Integer> constantIndex = new HashMap<>();

  BytecodeOffsets(ClassReader reader) {
    char[] buf = new char[reader.getMaxStringLength() + 1];
    for (int i = 1; i < reader.getItemCount(); i++) {
      int item = reader.getItem(i);
      if (item == 0) {
        continue; // the second slot of a long or double
      }
      int tag = reader.readByte(item - 1);
      if (tag == 3 || tag == 4 || tag == 7 || tag == 8 || tag == 15 || tag == 16 || tag == 17) {
        try {
          constantIndex.putIfAbsent(reader.readConst(i, buf), i);
        } catch (RuntimeException e) {
          // an entry ASM cannot turn into a constant: its ldc size is guessed below
        }
      }
    }
  }

  /** The size in bytes of {@code insn} at bytecode offset {@code offset}. */
  int size(AbstractInsnNode insn, int offset) {
    int op = insn.getOpcode();
    if (op < 0) {
      return 0;
    }
    switch (insn.getType()) {
      case AbstractInsnNode.INSN:
        return 1;
      case AbstractInsnNode.INT_INSN:
        return op == Opcodes.SIPUSH ? 3 : 2;
      case AbstractInsnNode.VAR_INSN:
        return ((VarInsnNode) insn).var > 255 ? 4 : 2;
      case AbstractInsnNode.TYPE_INSN:
      case AbstractInsnNode.FIELD_INSN:
      case AbstractInsnNode.JUMP_INSN:
        return 3;
      case AbstractInsnNode.METHOD_INSN:
        return op == Opcodes.INVOKEINTERFACE ? 5 : 3;
      case AbstractInsnNode.INVOKE_DYNAMIC_INSN:
        return 5;
      case AbstractInsnNode.LDC_INSN: {
        Object cst = ((LdcInsnNode) insn).cst;
        if (cst instanceof Long || cst instanceof Double) {
          return 3;
        }
        Integer idx = constantIndex.get(cst);
        return idx != null && idx < 256 ? 2 : 3;
      }
      case AbstractInsnNode.IINC_INSN: {
        IincInsnNode i = (IincInsnNode) insn;
        return i.var > 255 || i.incr < Byte.MIN_VALUE || i.incr > Byte.MAX_VALUE ? 6 : 3;
      }
      case AbstractInsnNode.TABLESWITCH_INSN: {
        int pad = 3 - (offset & 3);
        return 1 + pad + 12 + 4 * ((TableSwitchInsnNode) insn).labels.size();
      }
      case AbstractInsnNode.LOOKUPSWITCH_INSN: {
        int pad = 3 - (offset & 3);
        return 1 + pad + 8 + 8 * ((LookupSwitchInsnNode) insn).keys.size();
      }
      case AbstractInsnNode.MULTIANEWARRAY_INSN:
        return 4;
      default:
        return 1;
    }
  }
}
