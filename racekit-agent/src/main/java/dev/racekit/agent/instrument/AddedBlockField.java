package dev.racekit.agent.instrument;

import dev.racekit.agent.rt.BlockField;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;

/**
 * The declaration of the agent's block field ({@link BlockField}) in a class being loaded: which classes get it, and
 * the field itself. Not interfaces or annotations (no instances), not records (their fields are their components).
 */
final class AddedBlockField {
  private AddedBlockField() {}

  /** Whether {@code cn} can hold the field (and does not already). */
  static boolean fits(ClassNode cn) {
    if ((cn.access & (Opcodes.ACC_INTERFACE | Opcodes.ACC_ANNOTATION | Opcodes.ACC_MODULE)) != 0
        || "java/lang/Record".equals(cn.superName)) {
      return false;
    }
    for (var f : cn.fields) {
      if (f.name.equals(BlockField.NAME)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code private transient synthetic long}: private and transient keep it out of serialization and of the default
   * {@code serialVersionUID}, synthetic out of the data that reflective tools copy or print.
   */
  static FieldNode node() {
    return new FieldNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_SYNTHETIC, BlockField.NAME, "J",
        null, null);
  }
}
