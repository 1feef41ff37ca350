package dev.racekit.agent.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

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
   * Adds {@code call} (which records a {@code monitorenter}, taking the monitor's object) right after it, inside
   * javac's catch-all range that starts there (the {@code try} around the block, whose handler releases the monitor):
   * the range is made to start at the call. Without such a range (other compilers) the call goes there all the same:
   * the lock is recorded correctly, but the JIT may refuse the method.
   */
  static void insertAfterAcquire(MethodNode mn, AbstractInsnNode monitorenter, InsnList call) {
    mn.instructions.insertBefore(monitorenter, new InsnNode(Opcodes.DUP)); // the object, kept for the call
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
   * Adds {@code call} (which records a {@code monitorexit}, taking the monitor's object) before the release: right
   * before the {@code monitorexit}, or, for javac's release handler, in a copy of the handler (below).
   */
  static void insertBeforeRelease(MethodNode mn, AbstractInsnNode monitorexit, InsnList call, boolean needsFrames) {
    if (!insertBeforeHandlerRelease(mn, monitorexit, call, needsFrames)) {
      mn.instructions.insertBefore(monitorexit, new InsnNode(Opcodes.DUP));
      mn.instructions.insertBefore(monitorexit, call);
    }
  }

  /**
   * Records the release made by javac's release handler ({@code H: astore x; aload l; monitorexit; aload x; athrow},
   * whose own range covers it down to the {@code monitorexit}) so that C1 and C2 both still compile the method, and
   * returns true; false for any other {@code monitorexit}.
   *
   * <p>C1 gives up on a handler whose own range covers an instruction that can throw, which the call is. So the
   * exceptions of the block go to a copy of the handler placed right before it, {@code N: aload l; call; astore x;
   * aload l; monitorexit; aload x; athrow}, covered by a catch-all range that goes to the original handler (C2 needs
   * every instruction that can throw while a monitor is held covered so). The original handler stays as javac made
   * it, for an exception thrown in the copy.
   */
  private static boolean insertBeforeHandlerRelease(MethodNode mn, AbstractInsnNode monitorexit, InsnList call,
      boolean needsFrames) {
    AbstractInsnNode load = previousInstruction(monitorexit);
    if (!(load instanceof VarInsnNode l) || l.getOpcode() != Opcodes.ALOAD) {
      return false;
    }
    AbstractInsnNode store = previousInstruction(load);
    if (!(store instanceof VarInsnNode x) || x.getOpcode() != Opcodes.ASTORE || x.var == l.var) {
      return false;
    }
    AbstractInsnNode rethrowLoad = nextInstruction(monitorexit);
    if (!(rethrowLoad instanceof VarInsnNode r) || r.getOpcode() != Opcodes.ALOAD || r.var != x.var
        || nextInstruction(rethrowLoad) == null || nextInstruction(rethrowLoad).getOpcode() != Opcodes.ATHROW) {
      return false;
    }
    LabelNode handler = null;
    FrameNode frame = null;
    for (AbstractInsnNode n = store.getPrevious(); n != null && n.getOpcode() < 0; n = n.getPrevious()) {
      if (n instanceof FrameNode f && frame == null) {
        frame = f;
      } else if (n instanceof LabelNode h && handler == null && coversFromHandler(mn, h, monitorexit)) {
        handler = h;
      }
    }
    if (handler == null || (frame == null && needsFrames) || !copyFitsBefore(mn, handler)) {
      return false;
    }
    LabelNode copy = new LabelNode();
    LabelNode copyEnd = new LabelNode();
    InsnList n = new InsnList();
    n.add(copy);
    if (frame != null) {
      n.add(new FrameNode(Opcodes.F_NEW, frame.local.size(), frame.local.toArray(), frame.stack.size(),
          frame.stack.toArray()));
    }
    n.add(new VarInsnNode(Opcodes.ALOAD, l.var));
    n.add(call);
    n.add(new VarInsnNode(Opcodes.ASTORE, x.var));
    n.add(new VarInsnNode(Opcodes.ALOAD, l.var));
    n.add(new InsnNode(Opcodes.MONITOREXIT));
    n.add(copyEnd);
    n.add(new VarInsnNode(Opcodes.ALOAD, x.var));
    n.add(new InsnNode(Opcodes.ATHROW));
    int at = mn.instructions.indexOf(handler);
    for (TryCatchBlockNode t : mn.tryCatchBlocks) {
      if (t.handler == handler && !covers(mn, t, at)) {
        t.handler = copy; // the block's exceptions, not the handler's own
      }
    }
    mn.instructions.insertBefore(handler, n);
    mn.tryCatchBlocks.add(0, new TryCatchBlockNode(copy, copyEnd, handler, null)); // innermost: listed first
    return true;
  }

  /**
   * Whether code put right before {@code handler} is reached only as a handler and is covered by exactly the ranges
   * that cover the handler without starting at it: the instruction before is a jump, return or throw, and no range
   * ends at the handler.
   */
  private static boolean copyFitsBefore(MethodNode mn, LabelNode handler) {
    AbstractInsnNode before = previousInstruction(handler);
    int op = before == null ? -1 : before.getOpcode();
    if (op != Opcodes.GOTO && op != Opcodes.ATHROW && !(op >= Opcodes.IRETURN && op <= Opcodes.RETURN)) {
      return false;
    }
    int at = mn.instructions.indexOf(handler);
    for (TryCatchBlockNode t : mn.tryCatchBlocks) {
      int start = mn.instructions.indexOf(t.start);
      int end = mn.instructions.indexOf(t.end);
      AbstractInsnNode first = firstInstruction(t.start);
      if (end == at || (start < at && end > at && (first == null || mn.instructions.indexOf(first) >= at))) {
        return false;
      }
    }
    return true;
  }

  /** Whether a catch-all range caught by the handler at {@code h} covers both {@code h} and {@code insn}. */
  private static boolean coversFromHandler(MethodNode mn, LabelNode h, AbstractInsnNode insn) {
    int at = mn.instructions.indexOf(h);
    int i = mn.instructions.indexOf(insn);
    for (TryCatchBlockNode t : mn.tryCatchBlocks) {
      if (t.handler == h && t.type == null && covers(mn, t, at) && covers(mn, t, i)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code t}'s range covers the node at {@code index} of the method's instructions. */
  private static boolean covers(MethodNode mn, TryCatchBlockNode t, int index) {
    return mn.instructions.indexOf(t.start) <= index && index < mn.instructions.indexOf(t.end);
  }

  private static AbstractInsnNode nextInstruction(AbstractInsnNode from) {
    return firstInstruction(from.getNext());
  }

  private static AbstractInsnNode previousInstruction(AbstractInsnNode from) {
    AbstractInsnNode n = from.getPrevious();
    while (n != null && n.getOpcode() < 0) {
      n = n.getPrevious();
    }
    return n;
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
      if (t.handler == handler && covers(mn, t, i)) {
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
