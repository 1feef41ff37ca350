package dev.racekit.agent.instrument;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Where a runtime call may go near a {@code monitorenter} or at an exception handler so that the JIT still compiles
 * the method. HotSpot compiles a method with {@code synchronized} blocks only if every instruction that can throw
 * while a monitor is held is covered by a catch-all handler (javac's handler that releases the monitor), and C1
 * gives up on a handler whose own range covers a throwing instruction at its start. A call put in the wrong place
 * leaves the method interpreted for the whole run: correct, but tens of times slower.
 */
final class LockedRegions {
  private LockedRegions() {}

  /**
   * Inserts {@code call} (which records a {@code monitorenter}) right after it, inside javac's catch-all range that
   * starts there (the {@code try} around the block, whose handler releases the monitor): the range is made to start
   * at the call. Without such a range (other compilers) the call goes there all the same: the lock is recorded
   * correctly, but the JIT may refuse the method.
   */
  static void insertAfterAcquire(MethodNode mn, AbstractInsnNode monitorenter, AbstractInsnNode call) {
    InsnList l = new InsnList();
    l.add(call);
    insertAfterAcquire(mn, monitorenter, l);
  }

  static void insertAfterAcquire(MethodNode mn, AbstractInsnNode monitorenter, InsnList call) {
    LabelNode start = new LabelNode();
    for (AbstractInsnNode n = monitorenter.getNext(); n != null && n.getOpcode() < 0; n = n.getNext()) {
      if (n instanceof LabelNode l) {
        for (TryCatchBlockNode t : mn.tryCatchBlocks) {
          if (t.type == null && t.start == l) {
            t.start = start;
          }
        }
      }
    }
    InsnList l = new InsnList();
    l.add(start);
    l.add(call);
    mn.instructions.insert(monitorenter, l);
  }

  /**
   * The instruction before which a handler's unwind call goes: the handler's first instruction, unless a range that
   * the handler itself catches covers it (javac's handler for {@code synchronized} and {@code finally} covers its own
   * first instructions); then the first instruction past that range, where the call throwing would leave no monitor
   * held and no handler covering itself. Null when there is no such place (the call is then left out: unwinding is
   * only needed before the method's next event, and the next handler or exit does it too).
   */
  static AbstractInsnNode unwindPoint(MethodNode mn, LabelNode handler) {
    AbstractInsnNode at = firstInstruction(handler);
    for (int guard = 0; at != null && guard < 8; guard++) {
      LabelNode end = selfCoveringEnd(mn, handler, at);
      if (end == null) {
        return at;
      }
      at = firstInstruction(end);
    }
    return null;
  }

  /** The end of a range caught by {@code handler} that covers {@code insn}, or null. */
  private static LabelNode selfCoveringEnd(MethodNode mn, LabelNode handler, AbstractInsnNode insn) {
    int i = mn.instructions.indexOf(insn);
    for (TryCatchBlockNode t : mn.tryCatchBlocks) {
      if (t.handler == handler && mn.instructions.indexOf(t.start) < i && i < mn.instructions.indexOf(t.end)) {
        return t.end;
      }
    }
    return null;
  }

  private static AbstractInsnNode firstInstruction(AbstractInsnNode from) {
    AbstractInsnNode n = from;
    while (n != null && n.getOpcode() < 0) {
      n = n.getNext();
    }
    return n;
  }
}
