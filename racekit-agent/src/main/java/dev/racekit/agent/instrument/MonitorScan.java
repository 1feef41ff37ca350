package dev.racekit.agent.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * A quick read of a class file for the {@code MONITORS} mode: does it hold anything to rewrite (a synchronized
 * method, a {@code monitorenter}/{@code monitorexit}, an {@code Object.wait}, a static initialiser that may still
 * run, or methods that run with accesses ignored)? Most of the JDK's classes hold none, and then neither the tree nor
 * a retransformation is needed.
 */
public final class MonitorScan {
  private MonitorScan() {}

  /** Whether {@code bytes} needs the monitors rewrite; {@code initialized}: its static initialiser has run. */
  public static boolean needsRewrite(byte[] bytes, boolean initialized) {
    ClassReader reader = new ClassReader(bytes);
    if (IgnoredCalls.ignoredClass(reader.getClassName())) {
      return true; // its methods run ignored
    }
    if (reader.getClassName().equals(MethodInstrumenter.INTERRUPTIBLE_CHANNEL)) {
      return true; // an interrupt that closes the channel is observed in it
    }
    if (SocketEdges.hooksClass(reader.getClassName()) || reader.getClassName().equals(DatagramEdges.CHANNEL)) {
      return true; // its reads and writes order the connection's two ends
    }
    if (FileEdges.hooksClass(reader.getClassName())) {
      return true; // its reads and writes order a file's writers before its readers
    }
    boolean[] found = new boolean[1];
    MethodVisitor code = new MethodVisitor(Opcodes.ASM9) {
      @Override
      public void visitInsn(int opcode) {
        if (opcode == Opcodes.MONITORENTER || opcode == Opcodes.MONITOREXIT) {
          found[0] = true;
        }
      }

      @Override
      public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (MethodInstrumenter.isObjectWait(new MethodInsnNode(opcode, owner, name, descriptor, isInterface))) {
          found[0] = true; // a wait in a method that holds a lock its caller took
        }
      }
    };
    reader.accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        if ((access & Opcodes.ACC_SYNCHRONIZED) != 0 || (!initialized && name.equals("<clinit>"))) {
          found[0] = true;
        }
        return found[0] ? null : code;
      }
    }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return found[0];
  }
}
