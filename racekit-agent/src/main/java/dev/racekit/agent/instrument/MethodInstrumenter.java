package dev.racekit.agent.instrument;

import static org.objectweb.asm.Opcodes.*;

import dev.racekit.agent.ClassFilter;
import dev.racekit.agent.ClassFilter.Mode;
import dev.racekit.agent.rt.PcEntry;
import dev.racekit.agent.rt.Rt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.ClassNode;

/**
 * Adds the runtime calls to one method. Everything inserted is straight-line code: no new branches, so the
 * original stack map frames stay valid once the locals added here (declared and initialised at method entry) are
 * appended to each of them.
 */
final class MethodInstrumenter {
  private static final String RT = "dev/racekit/agent/rt/Rt";
  private static final String STATE = "dev/racekit/agent/rt/ThreadState";

  private final ClassNode cn;
  private final MethodNode mn;
  private final Mode mode;
  private final ClassFilter filter;
  private final ClassPcs pcs;
  private final BytecodeOffsets offsets;
  private final Map<String, Integer> ownFields;
  private final String className;
  private final String file;

  private final InsnList entry = new InsnList();
  private final List<int[]> newLocalSlots = new ArrayList<>();
  private final List<Object> newLocalTypes = new ArrayList<>();
  private int nextLocal;
  /** The local holding the thread's {@code ThreadState}, or -1 until a hot-path call needs it. */
  private int stateLocal = -1;
  private int line;
  private boolean changed;
  /** A call of this method pushes a frame or opens an ignore region, which an exception must not leave behind. */
  private boolean pushesFrames;
  /** The method calls {@code StampedLock.tryOptimisticRead}: its returns close the section that opens. */
  private boolean opensOptimisticRead;

  /** Its {@code end(boolean)} throws {@code ClosedByInterruptException} when an interrupt closed the channel. */
  static final String INTERRUPTIBLE_CHANNEL = "java/nio/channels/spi/AbstractInterruptibleChannel";

  MethodInstrumenter(ClassNode cn, MethodNode mn, Mode mode, ClassFilter filter, ClassPcs pcs,
      BytecodeOffsets offsets, Map<String, Integer> ownFields) {
    this.cn = cn;
    this.mn = mn;
    this.mode = mode;
    this.filter = filter;
    this.pcs = pcs;
    this.offsets = offsets;
    this.ownFields = ownFields;
    this.className = cn.name.replace('/', '.');
    this.file = cn.sourceFile != null ? cn.sourceFile : "Unknown Source";
    this.nextLocal = mn.maxLocals;
  }

  // ---- java.lang hooks

  boolean hooks() {
    InsnList at = new InsnList();
    boolean isStatic = (mn.access & ACC_STATIC) != 0;
    String n = mn.name;
    if (cn.name.equals("java/lang/Thread") && (n.equals("sleep") || n.equals("join"))) {
      // every overload (the Duration ones too), whoever calls it: the interrupt that ends it is observed
      observeInterruptOnThrow("java/lang/InterruptedException");
    }
    if (cn.name.equals("java/lang/Runtime")) {
      if (n.equals("exit") && mn.desc.equals("(I)V")) {
        at.add(new VarInsnNode(ILOAD, 1));
        at.add(rt("runtimeExit", "(I)V"));
      } else if ((n.equals("addShutdownHook") || n.equals("removeShutdownHook"))
          && mn.desc.startsWith("(Ljava/lang/Thread;)")) {
        at.add(new VarInsnNode(ALOAD, 1));
        at.add(rt(n.equals("addShutdownHook") ? "shutdownHookAdded" : "shutdownHookRemoved", "(Ljava/lang/Thread;)V"));
      }
    } else if (!isStatic) {
      if (n.equals("start")) {
        at.add(new VarInsnNode(ALOAD, 0));
        at.add(rt("threadStart", "(Ljava/lang/Object;)V"));
      } else if ((n.equals("exit") && mn.desc.equals("()V") && cn.name.equals("java/lang/Thread"))
          || (cn.name.equals("java/lang/VirtualThread") && (n.equals("afterDone") || n.equals("afterTerminate")))) {
        at.add(new VarInsnNode(ALOAD, 0));
        at.add(rt("threadExit", "(Ljava/lang/Object;)V"));
      } else if (n.equals("dispatchUncaughtException")) {
        at.add(new VarInsnNode(ALOAD, 0));
        at.add(rt("uncaught", "(Ljava/lang/Object;)V"));
      } else if (n.equals("interrupt") && mn.desc.equals("()V")) {
        at.add(new VarInsnNode(ALOAD, 0));
        at.add(rt("interrupting", "(Ljava/lang/Object;)V"));
      } else if (n.equals("isInterrupted") && mn.desc.equals("()Z") && cn.name.equals("java/lang/Thread")) {
        return observeInterruptAtReturns(false);
      } else if (cn.name.equals("java/lang/Thread")
          && (n.equals("join") || (n.equals("isAlive") && mn.desc.equals("()Z")))) {
        return joinAtReturns(n.equals("isAlive"));
      }
    } else if (n.equals("interrupted") && mn.desc.equals("()Z") && cn.name.equals("java/lang/Thread")) {
      return observeInterruptAtReturns(true);
    }
    if (at.size() == 0) {
      return changed;
    }
    mn.instructions.insert(at);
    return true;
  }

  /**
   * A handler over the whole body for {@code exception} (internal name) leaving the method: the current thread
   * observes its own interrupt ({@link dev.racekit.agent.rt.Rt#interruptThrown}), and the exception is rethrown.
   * Abstract and native methods have no body to wrap.
   */
  private void observeInterruptOnThrow(String exception) {
    if ((mn.access & (ACC_ABSTRACT | ACC_NATIVE)) != 0 || mn.instructions.size() == 0) {
      return;
    }
    handlerOverBody(exception, rt("interruptThrown", "()V"));
  }

  /**
   * Appends a handler over the whole body, as it stands, for {@code exception} (internal name; null: anything thrown)
   * that runs {@code onThrow} and rethrows. Appended last, so the body's own handlers come first. The handler's
   * frame declares none of the method's own locals (only the agent's, added to every frame later), which is valid
   * for any method but a constructor before its {@code super()} call.
   */
  private void handlerOverBody(String exception, AbstractInsnNode onThrow) {
    handlerOverBody(exception, null, list(onThrow));
  }

  /** {@link #handlerOverBody(String, AbstractInsnNode)} from just after {@code from} (null: the whole body). */
  private void handlerOverBody(String exception, AbstractInsnNode from, InsnList onThrow) {
    LabelNode start = new LabelNode();
    LabelNode end = new LabelNode();
    LabelNode handler = new LabelNode();
    if (from != null) {
      mn.instructions.insert(from, start);
    } else {
      mn.instructions.insert(start); // the entry code, inserted before it later, stays outside
    }
    mn.instructions.add(end);
    mn.instructions.add(handler);
    mn.instructions.add(new FrameNode(F_NEW, 0, new Object[0], 1,
        new Object[] {exception != null ? exception : "java/lang/Throwable"}));
    mn.instructions.add(onThrow);
    mn.instructions.add(new InsnNode(ATHROW));
    mn.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, exception));
    changed = true;
  }

  /** Before each return of {@code isInterrupted()} (of {@code this}) or {@code interrupted()} (the caller's own). */
  private boolean observeInterruptAtReturns(boolean ofCurrentThread) {
    for (AbstractInsnNode i : mn.instructions.toArray()) {
      if (i.getOpcode() == IRETURN) {
        InsnList observe = new InsnList();
        observe.add(new InsnNode(DUP));
        observe.add(ofCurrentThread ? new InsnNode(ACONST_NULL) : new VarInsnNode(ALOAD, 0));
        observe.add(rt("interruptObserved", "(ZLjava/lang/Object;)V"));
        mn.instructions.insertBefore(i, observe);
      }
    }
    return true;
  }

  /**
   * Before each return of {@code Thread.join} ({@code afterJoin}) or {@code isAlive} ({@code afterIsAlive}): a caller
   * that is not instrumented (outside {@code include=}, the rest of the JDK) gets the joined thread's end as well.
   */
  private boolean joinAtReturns(boolean isAlive) {
    for (AbstractInsnNode i : mn.instructions.toArray()) {
      int op = i.getOpcode();
      if (op == RETURN || op == IRETURN) {
        InsnList l = new InsnList();
        if (isAlive) {
          l.add(new InsnNode(DUP));
          l.add(new VarInsnNode(ALOAD, 0));
          l.add(new InsnNode(SWAP));
          l.add(rt("afterIsAlive", "(Ljava/lang/Object;Z)V"));
        } else {
          l.add(new VarInsnNode(ALOAD, 0));
          l.add(rt("afterJoin", "(Ljava/lang/Object;)V"));
        }
        mn.instructions.insertBefore(i, l);
      }
    }
    return true;
  }

  // ---- monitors only (the rest of the JDK)

  boolean monitors() {
    List<AbstractInsnNode> returns = new ArrayList<>();
    for (AbstractInsnNode insn : mn.instructions.toArray()) {
      int op = insn.getOpcode();
      if (op >= IRETURN && op <= RETURN) {
        returns.add(insn);
      } else if (insn instanceof MethodInsnNode m && isObjectWait(m)) {
        // the JDK's own waits (PipedInputStream.read, its writer's awaitSpace): the monitor's release and re-acquire
        waitThroughRt(m);
      } else if (insn instanceof MethodInsnNode m && FileEdges.hookCall(cn, mn, m)) {
        changed = true; // a file's write releases before it, a read acquires after it
      } else if (op == MONITORENTER) {
        LockedRegions.insertAfterAcquire(mn, insn, list(rt("monitorEnter", "(Ljava/lang/Object;)V")));
        changed = true;
      } else if (op == MONITOREXIT) {
        LockedRegions.insertBeforeRelease(mn, insn, list(rt("monitorExit", "(Ljava/lang/Object;)V")), needsFrames());
        changed = true;
      }
    }
    if ((mn.access & ACC_SYNCHRONIZED) != 0 && ((mn.access & ACC_STATIC) == 0 || (cn.version & 0xFFFF) >= 49)) {
      InsnList at = new InsnList();
      at.add(monitorObject());
      at.add(rt("monitorEnter", "(Ljava/lang/Object;)V"));
      mn.instructions.insert(at);
      beforeEachReturn(returns, () -> {
        InsnList l = new InsnList();
        l.add(monitorObject());
        l.add(rt("monitorExit", "(Ljava/lang/Object;)V"));
        return l;
      });
      changed = true;
    }
    SocketEdges.Edge edge = SocketEdges.edgeOf(cn, mn.name, mn.desc);
    if (edge == SocketEdges.Edge.RELEASE_AT_ENTRY) {
      mn.instructions.insert(SocketEdges.beforeWrite(cn.name));
      changed = true;
    } else if (edge == SocketEdges.Edge.ACQUIRE_AT_RETURN) {
      for (AbstractInsnNode r : returns) {
        mn.instructions.insertBefore(r, SocketEdges.afterRead(cn.name, r.getOpcode()));
      }
      changed = true;
    }
    if (DatagramEdges.isSend(cn, mn.name, mn.desc)) {
      mn.instructions.insert(DatagramEdges.beforeSend());
      changed = true;
    } else if (DatagramEdges.isReceive(cn, mn.name, mn.desc)) {
      beforeEachReturn(returns, DatagramEdges::afterReceive);
      changed = true;
    }
    if (cn.name.equals(INTERRUPTIBLE_CHANNEL) && mn.name.equals("end") && mn.desc.equals("(Z)V")) {
      // an I/O operation interrupted: the channel is closed and this thread finds out by the exception
      observeInterruptOnThrow("java/nio/channels/ClosedByInterruptException");
    }
    if (mn.name.equals("<clinit>")) {
      // JDK static initialisers build java.util objects that other threads read after the JVM's init lock
      mn.instructions.insert(rt("clinitBegin", "()V"));
      beforeEachReturn(returns, () -> list(rt("clinitEnd", "()V")));
      changed = true;
    } else if (!mn.name.equals("<init>") && IgnoredCalls.ignoredClass(cn.name)) {
      ignoreBodyEvenOnThrow(returns);
    }
    return changed;
  }

  /**
   * The whole body runs in an ignore region, closed before each return and, through a catch-all handler that
   * rethrows, when an exception leaves it: its callers may be uninstrumented, with no handler of theirs to restore
   * the depth.
   */
  private void ignoreBodyEvenOnThrow(List<AbstractInsnNode> returns) {
    beforeEachReturn(returns, () -> list(rt("ignoreEnd", "()V")));
    handlerOverBody(null, rt("ignoreEnd", "()V"));
    mn.instructions.insert(rt("ignoreBegin", "()V")); // before the handler's range
  }

  // ---- everything else

  boolean instrument() {
    boolean full = mode == Mode.FULL;
    boolean isFill = full && cn.name.equals("java/util/Arrays") && mn.name.equals("fill");
    boolean isInit = mn.name.equals("<init>");
    boolean isClinit = mn.name.equals("<clinit>");
    AbstractInsnNode superCall = isInit ? findSuperCall() : null;
    boolean beforeSuper = isInit;
    Set<LabelNode> handlers = new HashSet<>();
    for (TryCatchBlockNode t : mn.tryCatchBlocks) {
      handlers.add(t.handler);
    }
    List<AbstractInsnNode> returns = new ArrayList<>();
    FieldUpdates updates = new FieldUpdates(mn.instructions);
    FencedAccesses fences = new FencedAccesses(mn.instructions);
    int offset = 0;
    for (AbstractInsnNode insn : mn.instructions.toArray()) {
      if (insn instanceof LineNumberNode ln) {
        line = ln.line;
        continue;
      }
      int bci = offset;
      offset += offsets.size(insn, offset);
      if (insn == superCall) {
        beforeSuper = false;
      }
      int op = insn.getOpcode();
      if (op >= IRETURN && op <= RETURN) {
        returns.add(insn);
      } else if (insn instanceof FieldInsnNode f) {
        if (beforeSuper || !updates.foldedReads.contains(f)) {
          field(f, bci, beforeSuper, !beforeSuper && updates.updates.contains(f), fences.fenced.contains(f));
        }
      } else if (full && !isFill && op >= IALOAD && op <= SALOAD) {
        arrayLoad(insn, bci);
      } else if (full && !isFill && op >= IASTORE && op <= SASTORE) {
        arrayStore(insn, bci);
      } else if (op == MONITORENTER) {
        LockedRegions.insertAfterAcquire(mn, insn, withState("monitorEnter", "(Ljava/lang/Object;)V"));
        changed = true;
      } else if (op == MONITOREXIT) {
        LockedRegions.insertBeforeRelease(mn, insn, withState("monitorExit", "(Ljava/lang/Object;)V"), needsFrames());
        changed = true;
      } else if (insn instanceof MethodInsnNode m) {
        call(m, bci, full);
      } else if (full && op == NEW) {
        afterClassUse(insn, ((TypeInsnNode) insn).desc, 0, bci);
      }
    }
    boolean recordedClinit = isClinit && recordsOwnInitialiser();
    String[] region = full && isClinit && !recordedClinit ? CLINIT_REGION
        : full && IgnoredCalls.ignoredBody(cn.name, mn.name) ? IGNORED_REGION : null;
    if (recordedClinit) {
      recordInitialiser(returns);
    }
    if (region != null) {
      ignoreWholeBody(returns, region); // opened before the depth is saved: the method's handlers stay inside it
    }
    boolean unwindOnThrow = full && (pushesFrames || region != null) && needsFrames()
        && (mn.access & (ACC_ABSTRACT | ACC_NATIVE)) == 0 && (!isInit || superCall != null);
    int saved = -1;
    if ((!handlers.isEmpty() && changedOrTracked()) || unwindOnThrow) {
      saved = newLocal(Type.LONG_TYPE, false);
      entry.add(new VarInsnNode(ALOAD, stateLocal()));
      entry.add(rt("enterDepth", "(L" + STATE + ";)J"));
      entry.add(new VarInsnNode(LSTORE, saved));
      List<AbstractInsnNode> points = new ArrayList<>(); // all found before any insertion: positions stay cached
      for (LabelNode h : handlers) {
        points.add(LockedRegions.unwindPoint(mn, h));
      }
      for (AbstractInsnNode first : points) {
        if (first != null) {
          mn.instructions.insertBefore(first, unwind(saved));
        }
      }
      changed = true;
    }
    // A finalizable object's constructor (this is initialised at every return, after super()), and a ClassValue's
    // computeValue (the value is in place; ClassValue publishes it after this returns): release on this.
    if ((full && isInit && (declaresFinalizer() || extendsReference())) || isClassValueCompute()) {
      beforeEachReturn(returns, () -> {
        InsnList l = new InsnList();
        l.add(new VarInsnNode(ALOAD, 0));
        l.add(withState("published", "(Ljava/lang/Object;)V"));
        return l;
      });
      changed = true;
    }
    if (full && isFinalizer(mn)) {
      entry.add(new VarInsnNode(ALOAD, 0));
      entry.add(withState("finalizing", "(Ljava/lang/Object;)V"));
      changed = true;
    }
    if (opensOptimisticRead) { // a section the method opened ends with it, validated or not
      beforeEachReturn(returns, () -> withState("optimisticReadEnd", "()V"));
    }
    boolean version49 = (cn.version & 0xFFFF) >= 49;
    if ((mn.access & ACC_SYNCHRONIZED) != 0 && ((mn.access & ACC_STATIC) == 0 || version49)) {
      entry.add(monitorObject());
      entry.add(withState("monitorEnter", "(Ljava/lang/Object;)V"));
      beforeEachReturn(returns, () -> {
        InsnList l = new InsnList();
        l.add(monitorObject());
        l.add(withState("monitorExit", "(Ljava/lang/Object;)V"));
        return l;
      });
      releaseOnThrow();
      changed = true;
    }
    if (unwindOnThrow) {
      unwindOnThrow(saved, superCall, region); // last: it also covers the other handlers over the body
    }
    if (isFill) {
      fillRange();
    }
    if (!changed) {
      return false;
    }
    mn.instructions.insert(entry);
    if (!newLocalSlots.isEmpty()) {
      for (AbstractInsnNode insn : mn.instructions.toArray()) {
        if (insn instanceof FrameNode f) {
          extendFrame(f);
        }
      }
    }
    return true;
  }

  /**
   * A synchronized method left by an exception releases its monitor too: a catch-all handler around the whole body
   * (after every handler of the method's own) records the release and rethrows. Only where the handler's frame is
   * certain: class files with stack map frames (51+), and {@code this} never overwritten.
   */
  private void releaseOnThrow() {
    boolean isStatic = (mn.access & ACC_STATIC) != 0;
    if ((cn.version & 0xFFFF) < 51) {
      return;
    }
    for (AbstractInsnNode insn : mn.instructions) {
      if (!isStatic && ((insn instanceof VarInsnNode v && v.var == 0 && v.getOpcode() >= ISTORE && v.getOpcode() <= ASTORE)
          || (insn instanceof IincInsnNode i && i.var == 0))) {
        return;
      }
    }
    LabelNode start = new LabelNode();
    LabelNode end = new LabelNode();
    LabelNode handler = new LabelNode();
    mn.instructions.insert(start); // the entry code, inserted before it later, stays outside
    mn.instructions.add(end);
    mn.instructions.add(handler);
    Object[] locals = isStatic ? new Object[0] : new Object[] {cn.name};
    mn.instructions.add(new FrameNode(F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"}));
    mn.instructions.add(monitorObject());
    mn.instructions.add(withState("monitorExit", "(Ljava/lang/Object;)V"));
    mn.instructions.add(new InsnNode(ATHROW));
    mn.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, null));
  }

  /** {@code protected void finalize()}, which the JVM's finalizer thread runs once the object is unreachable. */
  private static boolean isFinalizer(MethodNode m) {
    return m.name.equals("finalize") && m.desc.equals("()V") && (m.access & (ACC_STATIC | ACC_ABSTRACT)) == 0;
  }

  /**
   * The class extends {@code WeakReference}, {@code SoftReference} or {@code PhantomReference} directly: its
   * constructors release what they wrote to the reference, which the thread that takes it from its queue acquires
   * ({@code Rt.dequeued}). A deeper subclass is not known as one when its class file is rewritten (its superclass
   * loads after it).
   */
  private boolean extendsReference() {
    String s = cn.superName;
    return "java/lang/ref/WeakReference".equals(s) || "java/lang/ref/SoftReference".equals(s)
        || "java/lang/ref/PhantomReference".equals(s);
  }

  /** The class declares a finalizer: its constructors release what they wrote to it (JLS 17.4.5). */
  private boolean declaresFinalizer() {
    for (MethodNode m : cn.methods) {
      if (isFinalizer(m)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The method {@code ClassValue.get} calls in a direct subclass: {@code computeValue} as ClassValue declares it
   * (with generics, the bridge that javac generates to the typed one).
   */
  private boolean isClassValueCompute() {
    return "java/lang/ClassValue".equals(cn.superName) && mn.name.equals("computeValue")
        && mn.desc.equals("(Ljava/lang/Class;)Ljava/lang/Object;") && (mn.access & (ACC_STATIC | ACC_ABSTRACT)) == 0;
  }

  /** Inserts a fresh copy of {@code code} before each of the method's returns (an instruction belongs to one list). */
  private void beforeEachReturn(List<AbstractInsnNode> returns, Supplier<InsnList> code) {
    for (AbstractInsnNode r : returns) {
      mn.instructions.insertBefore(r, code.get());
    }
  }

  /** Class files from version 50 on carry stack map frames; a new jump target there needs one. */
  private boolean needsFrames() {
    return (cn.version & 0xFFFF) >= 50;
  }

  private boolean changedOrTracked() {
    return changed || mode == Mode.SYNC || mode == Mode.FULL;
  }

  private AbstractInsnNode monitorObject() {
    if ((mn.access & ACC_STATIC) != 0) {
      return new LdcInsnNode(Type.getObjectType(cn.name));
    }
    return new VarInsnNode(ALOAD, 0);
  }

  /** The constructor's own super()/this() call: the first INVOKESPECIAL <init> not matched by a NEW. */
  private AbstractInsnNode findSuperCall() {
    int pendingNew = 0;
    for (AbstractInsnNode insn : mn.instructions.toArray()) {
      if (insn.getOpcode() == NEW) {
        pendingNew++;
      } else if (insn.getOpcode() == INVOKESPECIAL && ((MethodInsnNode) insn).name.equals("<init>")) {
        if (pendingNew == 0) {
          return insn;
        }
        pendingNew--;
      }
    }
    return null;
  }

  private int pc(int bci) {
    return pcs.add(new PcEntry(className, mn.name, file, line, bci));
  }

  // ---- fields

  private void field(FieldInsnNode f, int bci, boolean beforeSuper, boolean update, boolean fenced) {
    int op = f.getOpcode();
    boolean isStatic = op == GETSTATIC || op == PUTSTATIC;
    Integer own = f.owner.equals(cn.name) ? ownFields.get(f.name) : null;
    boolean reference = f.desc.startsWith("L") || f.desc.startsWith("[");
    if (own != null && (own & ACC_FINAL) != 0) {
      // not tracked; but what its object holds was built by a recorded initialiser that this thread may not follow
      if (op == GETSTATIC && reference && !mn.name.equals("<clinit>") && recordsOwnInitialiser()) {
        mn.instructions.insert(f, staticFieldEvent(f, pcs.add(new PcEntry(className, mn.name, file, line, bci,
            f.owner, f.name, true, false, false)), Rt.READ));
        changed = true;
      }
      return;
    }
    if (mode == Mode.SYNC && own != null && (own & ACC_VOLATILE) == 0 && !reference) {
      return; // a plain primitive field of java.util.concurrent: its deliberate races are not ours to report
    }
    if ((beforeSuper && op == PUTFIELD) || (isStatic && (cn.version & 0xFFFF) < 49)) {
      return; // an uninitialised this cannot be passed on; old class files cannot load a class constant
    }
    int pc = pcs.add(new PcEntry(className, mn.name, file, line, bci, f.owner, f.name, isStatic, mode == Mode.SYNC,
        fenced));
    int size = Type.getType(f.desc).getSize();
    InsnList before = new InsnList();
    InsnList after = new InsnList();
    switch (op) {
      case GETFIELD -> {
        before.add(new InsnNode(DUP));
        if (size == 1) {
          after.add(new InsnNode(SWAP));
        } else {
          after.add(new InsnNode(DUP2_X1));
          after.add(new InsnNode(POP2));
        }
        after.add(push(pc));
        after.add(push(Rt.READ));
        after.add(withState("field", "(Ljava/lang/Object;II)V"));
      }
      case PUTFIELD -> {
        if (size == 1) {
          before.add(new InsnNode(DUP2));
          before.add(new InsnNode(POP));
        } else {
          before.add(new InsnNode(DUP2_X1));
          before.add(new InsnNode(POP2));
          before.add(new InsnNode(DUP_X2));
        }
        before.add(push(pc));
        before.add(push(update ? Rt.UPDATE : Rt.WRITE));
        before.add(withState("field", "(Ljava/lang/Object;II)V"));
      }
      case GETSTATIC -> after.add(staticFieldEvent(f, pc, Rt.READ));
      default -> before.add(staticFieldEvent(f, pc, update ? Rt.UPDATE : Rt.WRITE));
    }
    mn.instructions.insertBefore(f, before);
    mn.instructions.insert(f, after);
    changed = true;
  }

  private InsnList staticFieldEvent(FieldInsnNode f, int pc, int kind) {
    InsnList l = new InsnList();
    l.add(new LdcInsnNode(Type.getObjectType(f.owner)));
    l.add(push(pc));
    l.add(push(kind));
    l.add(withState("staticField", "(Ljava/lang/Class;II)V"));
    return l;
  }

  // ---- class initialisation

  /**
   * Whether this class's static initialiser is recorded: an application class (a JDK class's initialiser runs
   * ignored) with one, in a class file that can load its own class constant.
   */
  private boolean recordsOwnInitialiser() {
    if (recordsOwnInitialiser == null) {
      recordsOwnInitialiser = mode == Mode.FULL && (cn.version & 0xFFFF) >= 49 && filter.recordsInitialiser(cn.name)
          && cn.methods.stream().anyMatch(m -> m.name.equals("<clinit>"));
    }
    return recordsOwnInitialiser;
  }

  private Boolean recordsOwnInitialiser;

  /** The class gets its number at the entry of its initialiser, and releases what it did before each return. */
  private void recordInitialiser(List<AbstractInsnNode> returns) {
    entry.add(onOwnClass("classInitBegin"));
    beforeEachReturn(returns, () -> onOwnClass("classInitEnd"));
    changed = true;
  }

  private InsnList onOwnClass(String hook) {
    InsnList l = new InsnList();
    l.add(new LdcInsnNode(Type.getObjectType(cn.name)));
    l.add(withState(hook, "(Ljava/lang/Class;)V"));
    return l;
  }

  /** After {@code m} returns a reference: the runtime's {@code hook} gets it, and the caller still does. */
  private void passResult(MethodInsnNode m, String hook, String desc) {
    InsnList after = new InsnList();
    after.add(new InsnNode(DUP));
    after.add(withState(hook, desc));
    mn.instructions.insert(m, after);
    changed = true;
  }

  /**
   * After {@code new} or a static call naming another class whose initialiser is recorded (the instruction has
   * initialised it by then): this thread's first use acquires the initialiser's end. What the initialiser wrote
   * outside its class (a registry it filled) is ordered before a thread only through such a use (JLS 12.4.2).
   */
  private void afterClassUse(AbstractInsnNode insn, String owner, int pc, int bci) {
    if (owner.equals(cn.name) || owner.startsWith("[") || (cn.version & 0xFFFF) < 49
        || !filter.recordsInitialiser(owner)) {
      return;
    }
    InsnList l = new InsnList();
    l.add(new LdcInsnNode(Type.getObjectType(owner)));
    l.add(push(pc != 0 ? pc : pc(bci))); // a call's pc when it has one already
    l.add(withState("classUsed", "(Ljava/lang/Class;I)V"));
    mn.instructions.insert(insn, l);
    changed = true;
  }

  // ---- arrays

  private void arrayLoad(AbstractInsnNode insn, int bci) {
    InsnList l = new InsnList();
    l.add(new InsnNode(DUP2));
    l.add(push(elementSize(insn.getOpcode() - IALOAD)));
    l.add(push(pc(bci)));
    l.add(new InsnNode(ICONST_0));
    l.add(withState("arrayAccess", "(Ljava/lang/Object;IIIZ)V"));
    mn.instructions.insertBefore(insn, l);
    changed = true;
  }

  private void arrayStore(AbstractInsnNode insn, int bci) {
    int op = insn.getOpcode();
    InsnList l = new InsnList();
    if (op == LASTORE || op == DASTORE) {
      l.add(new InsnNode(DUP2_X2));
      l.add(new InsnNode(POP2));
      l.add(new InsnNode(DUP2_X2));
    } else {
      l.add(new InsnNode(DUP_X2));
      l.add(new InsnNode(POP));
      l.add(new InsnNode(DUP2_X1));
    }
    l.add(push(elementSize(op - IASTORE)));
    l.add(push(pc(bci)));
    l.add(new InsnNode(ICONST_1));
    l.add(withState("arrayAccess", "(Ljava/lang/Object;IIIZ)V"));
    mn.instructions.insertBefore(insn, l);
    changed = true;
  }

  /**
   * The element size in bytes of an array load or store, from its opcode's offset past IALOAD/IASTORE (int, long,
   * float, double, reference, byte or boolean, char, short); the runtime's {@code Blocks.elementSize} agrees.
   */
  static int elementSize(int kind) {
    return switch (kind) {
      case 0, 2 -> 4;
      case 1, 3, 4 -> 8;
      case 5 -> 1;
      default -> 2;
    };
  }

  /** {@code Arrays.fill}: one range write at entry instead of an event per element. */
  private void fillRange() {
    Type[] args = Type.getArgumentTypes(mn.desc);
    if ((mn.access & ACC_STATIC) == 0 || args.length < 2 || args[0].getSort() != Type.ARRAY) {
      return;
    }
    int pc = pc(0);
    if (args.length == 2) {
      entry.add(new VarInsnNode(ALOAD, 0));
      entry.add(push(pc));
      entry.add(rt("arrayWriteAll", "(Ljava/lang/Object;I)V"));
      changed = true;
    } else if (args.length == 4 && args[1] == Type.INT_TYPE && args[2] == Type.INT_TYPE) {
      entry.add(new VarInsnNode(ALOAD, 0));
      entry.add(new VarInsnNode(ILOAD, 1));
      entry.add(new VarInsnNode(ILOAD, 2));
      entry.add(push(pc));
      entry.add(rt("arrayWriteRange", "(Ljava/lang/Object;III)V"));
      changed = true;
    }
  }

  // ---- calls

  private void call(MethodInsnNode m, int bci, boolean full) {
    int op = m.getOpcode();
    if (m.owner.equals(RT)) {
      return;
    }
    boolean virtual = op == INVOKEVIRTUAL || op == INVOKEINTERFACE;
    int pc = 0;
    if (op == INVOKEVIRTUAL && m.owner.equals("java/lang/invoke/VarHandle")) {
      int flags = VarHandleModes.flags(m.name);
      if (flags == 0 && mode == Mode.SYNC) {
        flags = VarHandleModes.plainInSyncClass(m.name);
      }
      if (flags > 0) {
        Type[] args = Type.getArgumentTypes(m.desc);
        int coordinates = args.length - VarHandleModes.values(m.name);
        if (coordinates == 0) {
          flags |= Rt.ON_HANDLE;
        }
        spillSync(m, flags, true);
      }
    } else if (op == INVOKEVIRTUAL && (m.owner.equals("jdk/internal/misc/Unsafe") || m.owner.equals("sun/misc/Unsafe"))) {
      int flags = VarHandleModes.unsafeFlags(m.name);
      if (flags == 0 && mode == Mode.SYNC) {
        flags = VarHandleModes.plainInSyncClass(m.name);
      }
      Type[] args = Type.getArgumentTypes(m.desc);
      if (flags > 0 && args.length >= 2 && args[0].getDescriptor().equals("Ljava/lang/Object;")) {
        spillSync(m, flags, false);
      }
    } else if (isObjectWait(m)) {
      waitThroughRt(m);
    } else if (op == INVOKEVIRTUAL && m.owner.equals("java/lang/Thread") && m.name.equals("join")
        && (m.desc.equals("()V") || m.desc.equals("(J)V") || m.desc.equals("(JI)V"))) {
      throughRt(m, "join", "(Ljava/lang/Thread;" + m.desc.substring(1));
    } else if (op == INVOKEVIRTUAL && m.name.equals("join") && (m.desc.equals("()V") || m.desc.equals("(J)V")
        || m.desc.equals("(JI)V") || m.desc.equals("(Ljava/time/Duration;)Z"))) {
      spill(m, null, "afterJoin"); // a subclass's name, or the Duration form (newer than the agent's own API level)
    } else if (full && op == INVOKEVIRTUAL && m.owner.equals("java/util/concurrent/locks/StampedLock")
        && ((m.name.equals("tryOptimisticRead") && m.desc.equals("()J"))
            || (m.name.equals("validate") && m.desc.equals("(J)Z")))) {
      boolean begin = m.name.equals("tryOptimisticRead");
      mn.instructions.insert(m, withState(begin ? "optimisticReadBegin" : "optimisticReadEnd", "()V"));
      opensOptimisticRead |= begin;
      pushesFrames |= begin; // an exception out of the method closes the section too (unwindOnThrow)
      changed = true;
    } else if (m.name.equals("gc") && m.desc.equals("()V")
        && ((op == INVOKESTATIC && m.owner.equals("java/lang/System"))
            || (op == INVOKEVIRTUAL && m.owner.equals("java/lang/Runtime")))) {
      mn.instructions.insertBefore(m, rt("beforeGc", "()V"));
      changed = true;
    } else if (op == INVOKEVIRTUAL && m.owner.equals("java/lang/ClassValue") && m.name.equals("get")
        && m.desc.equals("(Ljava/lang/Class;)Ljava/lang/Object;")) {
      spill(m, null, "afterClassValueGet");
    } else if (op == INVOKESTATIC && m.owner.equals("java/lang/Thread") && m.name.equals("sleep")
        && (m.desc.equals("(J)V") || m.desc.equals("(JI)V"))) {
      throughRt(m, "sleep", m.desc);
    } else if (op == INVOKEVIRTUAL && m.name.equals("isAlive") && m.desc.equals("()Z")) {
      mn.instructions.insertBefore(m, new InsnNode(DUP));
      InsnList after = new InsnList();
      after.add(new InsnNode(DUP_X1));
      after.add(rt("afterIsAlive", "(Ljava/lang/Object;Z)V"));
      mn.instructions.insert(m, after);
      changed = true;
    } else if (((virtual && m.name.equals("start")) || (op == INVOKESTATIC && m.name.equals("startVirtualThread")))
        && !m.owner.startsWith("[")) {
      pc = pc(bci);
      InsnList before = new InsnList();
      before.add(push(pc));
      before.add(rt("noteStart", "(I)V"));
      mn.instructions.insertBefore(m, before);
      InsnList after = new InsnList();
      after.add(new InsnNode(ICONST_0));
      after.add(rt("noteStart", "(I)V"));
      mn.instructions.insert(m, after);
      changed = true;
    } else if (full && op == INVOKESTATIC && m.owner.equals("java/lang/System") && m.name.equals("arraycopy")) {
      spillArraycopy(m, pc(bci));
    } else if (full && op == INVOKESTATIC && m.owner.equals("java/lang/Class") && m.name.equals("forName")
        && m.desc.endsWith(")Ljava/lang/Class;")) {
      passResult(m, "classForName", "(Ljava/lang/Class;)V"); // initialised unless the caller asked otherwise
    } else if (full && op == INVOKEVIRTUAL && m.name.equals("newInstance") && m.desc.endsWith(")Ljava/lang/Object;")
        && (m.owner.equals("java/lang/reflect/Constructor") || m.owner.equals("java/lang/Class"))) {
      // reflection initialised the object's class (ServiceLoader's providers too)
      passResult(m, "reflectivelyCreated", "(Ljava/lang/Object;)V");
    } else if (full && op == INVOKEVIRTUAL && m.owner.equals("java/lang/ref/ReferenceQueue")
        && (m.name.equals("poll") || m.name.equals("remove")) && m.desc.endsWith(")Ljava/lang/ref/Reference;")) {
      // the reference the garbage collector enqueued: what its constructor wrote is ordered before
      passResult(m, "dequeued", "(Ljava/lang/Object;)V");
    } else if (full && IgnoredCalls.ignored(m.owner, m.name)) {
      // An exception out of the call: the method's handler, or its catch-all (unwindOnThrow), closes the region.
      mn.instructions.insertBefore(m, rt("ignoreBegin", "()V"));
      mn.instructions.insert(m, rt("ignoreEnd", "()V"));
      pushesFrames = true;
      changed = true;
    }
    if (full && !m.owner.startsWith("[") && filter.tracksCallsInto(m.owner)) {
      if (pc == 0) {
        pc = pc(bci);
      }
      InsnList before = new InsnList();
      before.add(push(pc));
      before.add(withState("call", "(I)V"));
      mn.instructions.insertBefore(m, before);
      mn.instructions.insert(m, withState("ret", "()V"));
      pushesFrames = true;
      changed = true;
    }
    if (full && op == INVOKESTATIC) {
      afterClassUse(m, m.owner, pc, bci);
    }
  }

  /** Class initialisers run with their accesses ignored: {begin, end}. */
  private static final String[] CLINIT_REGION = {"clinitBegin", "clinitEnd"};
  /** The JDK's known benign races run with their accesses ignored. */
  private static final String[] IGNORED_REGION = {"ignoreBegin", "ignoreEnd"};

  /**
   * The method's accesses are not recorded: {@code region[0]} at entry, {@code region[1]} before each return (and,
   * through {@link #unwindOnThrow}, when an exception leaves it).
   */
  private void ignoreWholeBody(List<AbstractInsnNode> returns, String[] region) {
    entry.add(rt(region[0], "()V"));
    beforeEachReturn(returns, () -> list(rt(region[1], "()V")));
    changed = true;
  }

  /**
   * A catch-all handler over the body, appended after every other (so it covers their code too), that restores the
   * depth and ignore depth saved at entry, closes the method's own ignore region, and rethrows. Without it the frames
   * of the calls an exception left, and an ignore region it skipped, stayed until an instrumented handler unwound
   * them: when uninstrumented code catches the exception (the JDK calling an uncaught-exception handler, a class
   * loader trying its parent), the instrumented code it runs next got stale frames in its stacks, or no checks at
   * all. In a constructor the range starts after the {@code super()}/{@code this()} call, so the handler never sees
   * an uninitialised {@code this}; its frame declares none of the method's own locals.
   */
  private void unwindOnThrow(int saved, AbstractInsnNode superCall, String[] region) {
    InsnList onThrow = unwind(saved);
    if (region != null) {
      onThrow.add(rt(region[1], "()V"));
    }
    handlerOverBody(null, superCall, onThrow);
  }

  private InsnList unwind(int saved) {
    InsnList l = new InsnList();
    l.add(new VarInsnNode(LLOAD, saved));
    l.add(withState("unwind", "(J)V"));
    return l;
  }

  /** A call of one of {@code Object}'s three {@code wait} methods (final: whatever the receiver, they run). */
  static boolean isObjectWait(MethodInsnNode m) {
    int op = m.getOpcode();
    return (op == INVOKEVIRTUAL || op == INVOKEINTERFACE) && m.name.equals("wait")
        && (m.desc.equals("()V") || m.desc.equals("(J)V") || m.desc.equals("(JI)V"));
  }

  /**
   * {@code o.wait(...)} becomes {@code Rt.objectWait(o, ...)}, which records the release and, however the wait ends
   * (an {@code InterruptedException} too), the acquire. The same call: {@code Object}'s three {@code wait} methods are
   * final, so the receiver's class cannot change what runs; and the stack is already what the static call takes.
   */
  private void waitThroughRt(MethodInsnNode m) {
    // No call frame either: nothing runs inside Object.wait that the detector sees.
    throughRt(m, "objectWait", "(Ljava/lang/Object;" + m.desc.substring(1));
  }

  /**
   * The call becomes {@code Rt.name(desc)}, a static method that takes the same stack (the receiver first) and makes
   * the same call inside a handler: used only for final or static JDK methods, so that what runs cannot change.
   */
  private void throughRt(MethodInsnNode m, String name, String desc) {
    m.setOpcode(INVOKESTATIC);
    m.owner = RT;
    m.name = name;
    m.desc = desc;
    m.itf = false;
    changed = true;
  }

  /** Stores the arguments (and the receiver) in fresh locals, runs hooks that may use them, then makes the call. */
  private int[] spillArgs(MethodInsnNode m, InsnList before, boolean keepReceiver) {
    Type[] args = Type.getArgumentTypes(m.desc);
    int[] locals = new int[args.length + 1];
    for (int i = 0; i < args.length; i++) {
      locals[i] = newLocal(args[i], true);
    }
    for (int i = args.length - 1; i >= 0; i--) {
      before.add(new VarInsnNode(args[i].getOpcode(ISTORE), locals[i]));
    }
    if (keepReceiver) {
      locals[args.length] = newLocal(Type.getObjectType(m.owner), true);
      before.add(new InsnNode(DUP));
      before.add(new VarInsnNode(ASTORE, locals[args.length]));
    }
    return locals;
  }

  private void reload(MethodInsnNode m, InsnList before, int[] locals) {
    Type[] args = Type.getArgumentTypes(m.desc);
    for (int i = 0; i < args.length; i++) {
      before.add(new VarInsnNode(args[i].getOpcode(ILOAD), locals[i]));
    }
  }

  private void spill(MethodInsnNode m, String beforeHook, String afterHook) {
    InsnList before = new InsnList();
    int[] locals = spillArgs(m, before, true);
    int recv = locals[locals.length - 1];
    if (beforeHook != null) {
      before.add(new VarInsnNode(ALOAD, recv));
      before.add(rt(beforeHook, "(Ljava/lang/Object;)V"));
    }
    reload(m, before, locals);
    InsnList after = new InsnList();
    after.add(new VarInsnNode(ALOAD, recv));
    after.add(rt(afterHook, "(Ljava/lang/Object;)V"));
    mn.instructions.insertBefore(m, before);
    mn.instructions.insert(m, after);
    changed = true;
  }

  private void spillSync(MethodInsnNode m, int flags, boolean handle) {
    InsnList before = new InsnList();
    int[] locals = spillArgs(m, before, handle);
    Type[] args = Type.getArgumentTypes(m.desc);
    boolean refTarget = args.length > 0 && (args[0].getSort() == Type.OBJECT || args[0].getSort() == Type.ARRAY);
    InsnList[] hooks = {before, new InsnList()};
    String[] names = {"syncBefore", "syncAfter"};
    for (int i = 0; i < 2; i++) {
      InsnList l = i == 0 ? new InsnList() : hooks[1];
      l.add(handle ? new VarInsnNode(ALOAD, locals[args.length]) : new InsnNode(ACONST_NULL));
      l.add(refTarget ? new VarInsnNode(ALOAD, locals[0]) : new InsnNode(ACONST_NULL));
      l.add(push(flags));
      l.add(withState(names[i], "(Ljava/lang/Object;Ljava/lang/Object;I)V"));
      if (i == 0) {
        before.add(l);
      }
    }
    reload(m, before, locals);
    mn.instructions.insertBefore(m, before);
    mn.instructions.insert(m, hooks[1]);
    changed = true;
  }

  private void spillArraycopy(MethodInsnNode m, int pc) {
    InsnList before = new InsnList();
    int[] locals = spillArgs(m, before, false);
    reload(m, before, locals);
    before.add(push(pc));
    // Arrays.copyOf* copy into an array they have just allocated: only the source is an access worth a check.
    boolean intoFreshCopy = cn.name.equals("java/util/Arrays") && mn.name.startsWith("copyOf");
    before.add(rt(intoFreshCopy ? "arraycopySource" : "arraycopy", "(Ljava/lang/Object;ILjava/lang/Object;III)V"));
    reload(m, before, locals);
    mn.instructions.insertBefore(m, before);
    changed = true;
  }

  // ---- locals and frames

  /** A new local past the method's own, initialised at entry so that every frame may declare it. */
  private int newLocal(Type t, boolean initialise) {
    int index = nextLocal;
    nextLocal += t.getSize();
    Object frameType;
    switch (t.getSort()) {
      case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> frameType = INTEGER;
      case Type.FLOAT -> frameType = FLOAT;
      case Type.LONG -> frameType = LONG;
      case Type.DOUBLE -> frameType = DOUBLE;
      case Type.ARRAY -> frameType = t.getDescriptor();
      default -> frameType = t.getInternalName();
    }
    newLocalSlots.add(new int[] {index});
    newLocalTypes.add(frameType);
    if (initialise) {
      switch (t.getSort()) {
        case Type.FLOAT -> entry.add(new InsnNode(FCONST_0));
        case Type.LONG -> entry.add(new InsnNode(LCONST_0));
        case Type.DOUBLE -> entry.add(new InsnNode(DCONST_0));
        case Type.ARRAY, Type.OBJECT -> entry.add(new InsnNode(ACONST_NULL));
        default -> entry.add(new InsnNode(ICONST_0));
      }
      entry.add(new VarInsnNode(t.getOpcode(ISTORE), index));
    }
    return index;
  }

  private void extendFrame(FrameNode f) {
    List<Object> locals = f.local == null ? new ArrayList<>() : new ArrayList<>(f.local);
    int slots = 0;
    for (Object o : locals) {
      slots += o == LONG || o == DOUBLE ? 2 : 1;
    }
    for (int i = 0; i < newLocalSlots.size(); i++) {
      int index = newLocalSlots.get(i)[0];
      while (slots < index) {
        locals.add(TOP);
        slots++;
      }
      Object type = newLocalTypes.get(i);
      locals.add(type);
      slots += type == LONG || type == DOUBLE ? 2 : 1;
    }
    f.local = locals;
  }

  // ---- small helpers

  /**
   * A hot-path runtime call that also takes the thread's state, fetched once at method entry into a local (one
   * thread-local lookup per invocation instead of one per event). {@code desc} is the call's own arguments.
   */
  private InsnList withState(String name, String desc) {
    InsnList l = new InsnList();
    l.add(new VarInsnNode(ALOAD, stateLocal()));
    l.add(rt(name, desc.replace(")V", "L" + STATE + ";)V")));
    return l;
  }

  /** The local holding the thread's state, fetched at entry (added to the entry code on first use). */
  private int stateLocal() {
    if (stateLocal < 0) {
      stateLocal = newLocal(Type.getObjectType(STATE), false);
      entry.add(rt("state", "()L" + STATE + ";"));
      entry.add(new VarInsnNode(ASTORE, stateLocal));
    }
    return stateLocal;
  }

  private static InsnList list(AbstractInsnNode insn) {
    InsnList l = new InsnList();
    l.add(insn);
    return l;
  }

  private static MethodInsnNode rt(String name, String desc) {
    return new MethodInsnNode(INVOKESTATIC, RT, name, desc, false);
  }

  private static AbstractInsnNode push(int v) {
    if (v >= -1 && v <= 5) {
      return new InsnNode(ICONST_0 + v);
    }
    if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
      return new IntInsnNode(BIPUSH, v);
    }
    if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      return new IntInsnNode(SIPUSH, v);
    }
    return new LdcInsnNode(v);
  }
}
