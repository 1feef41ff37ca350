package dev.racekit.agent.instrument;

import dev.racekit.agent.ClassFilter;
import dev.racekit.agent.ClassFilter.Mode;
import dev.racekit.agent.rt.PcTable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Rewrites one class file: reads it into a tree (frames expanded), lets {@link MethodInstrumenter} add the calls
 * into the runtime, writes it back keeping the original frames (extended for the few locals it adds, so no class
 * is ever loaded to compute frames). A method that would grow past the JVM's 64 KiB limit is left as it was.
 */
public final class ClassInstrumenter {
  private final ClassFilter filter;
  private final PcTable pcs;

  public ClassInstrumenter(ClassFilter filter, PcTable pcs) {
    this.filter = filter;
    this.pcs = pcs;
  }

  /** The rewritten class, or null when nothing in it needs instrumenting. */
  public byte[] instrument(byte[] bytes, Mode mode) {
    return instrument(bytes, mode, false);
  }

  /**
   * {@link #instrument(byte[], Mode)} for a class that may be initialised already ({@code initialized}: its static
   * initialiser has run and never runs again, so it is left as it is; a class whose only change would be there is
   * not rewritten at all).
   */
  public byte[] instrument(byte[] bytes, Mode mode, boolean initialized) {
    return instrument(bytes, mode, initialized, new ClassPcs(pcs));
  }

  /** {@link #instrument(byte[], Mode, boolean)}, recording in {@code recorded} the pcs the result uses. */
  byte[] instrument(byte[] bytes, Mode mode, boolean initialized, ClassPcs recorded) {
    return instrument(bytes, mode, initialized, recorded, false);
  }

  /**
   * {@link #instrument(byte[], Mode, boolean, ClassPcs)}; with {@code blockField} (a class being loaded, not
   * redefined), a class instrumented in full that can hold one also gets the agent's block field ({@link
   * AddedBlockField}), and is rewritten for it even when none of its methods is.
   */
  byte[] instrument(byte[] bytes, Mode mode, boolean initialized, ClassPcs recorded, boolean blockField) {
    if (mode == Mode.MONITORS && !MonitorScan.needsRewrite(bytes, initialized)) {
      return null; // most JDK classes: no tree built
    }
    Set<String> skip = new HashSet<>();
    for (int attempt = 0; ; attempt++) {
      recorded.clear();
      ClassReader reader = new ClassReader(bytes);
      ClassNode cn = new ClassNode();
      reader.accept(cn, ClassReader.EXPAND_FRAMES);
      if ((cn.access & Opcodes.ACC_MODULE) != 0) {
        return null;
      }
      BytecodeOffsets offsets = new BytecodeOffsets(reader);
      Map<String, Integer> ownFields = new HashMap<>();
      for (FieldNode f : cn.fields) {
        ownFields.put(f.name, f.access);
      }
      boolean changed = false;
      // Methods that came without frames: the input's max stack when left as they were, -1 when rewritten.
      Map<String, Integer> frameless = new HashMap<>();
      for (MethodNode mn : cn.methods) {
        boolean noFrames = MaxStack.frameless(mn); // before the instrumenter adds a frame of its own
        int declared = mn.maxStack;
        boolean rewritten = false;
        if ((mn.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0 && mn.instructions.size() != 0
            && !skip.contains(mn.name + mn.desc) && !(initialized && mn.name.equals("<clinit>"))) {
          MethodInstrumenter m = new MethodInstrumenter(cn, mn, mode, filter, recorded, offsets, ownFields);
          rewritten = mode == Mode.HOOKS ? m.hooks() : mode == Mode.MONITORS ? m.monitors() : m.instrument();
          changed |= rewritten;
        }
        if (noFrames) {
          frameless.put(mn.name + mn.desc, rewritten ? -1 : declared);
        }
      }
      if (blockField && mode == Mode.FULL && AddedBlockField.fits(cn)) {
        cn.fields.add(AddedBlockField.node());
        changed = true;
      }
      if (!changed) {
        return null;
      }
      // The reader: the constant pool keeps its order, so redefining a loaded class matches old and new entries
      // index by index instead of searching the whole pool for each.
      ClassWriter cw = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
      try {
        cn.accept(cw);
        byte[] out = cw.toByteArray();
        return frameless.isEmpty() ? out : withDataFlowMaxima(out, frameless);
      } catch (MethodTooLargeException e) {
        if (attempt > 8) {
          throw e;
        }
        skip.add(e.getMethodName() + e.getDescriptor());
      }
    }
  }

  /**
   * {@code out} again with the max stack of the methods that came without stack map frames ({@code frameless}: ASM's
   * {@code COMPUTE_MAXS} undercounts it): the input's for a method left as it was, by data flow ({@link MaxStack})
   * for a rewritten one; everything else as written.
   */
  private static byte[] withDataFlowMaxima(byte[] out, Map<String, Integer> frameless) {
    ClassReader reader = new ClassReader(out);
    ClassNode cn = new ClassNode();
    reader.accept(cn, ClassReader.EXPAND_FRAMES);
    for (MethodNode mn : cn.methods) {
      Integer declared = frameless.get(mn.name + mn.desc);
      if (declared != null && declared >= 0) {
        mn.maxStack = declared;
      } else if (declared != null) {
        mn.maxStack = MaxStack.of(mn);
      }
    }
    ClassWriter cw = new ClassWriter(reader, 0);
    cn.accept(cw);
    return cw.toByteArray();
  }
}
