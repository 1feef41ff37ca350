package dev.racekit.agent.rt;

import dev.racekit.RaceDetector;
import dev.racekit.RaceThread;
import dev.racekit.spi.InternalThreads;
import java.lang.reflect.Array;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What instrumented code calls. Every entry returns at once while the agent is not installed, while the current
 * thread is already inside the runtime (the re-entry guard: the runtime's own use of instrumented JDK classes makes
 * no events) and once the thread has ended. No entry lets an exception escape into the program.
 *
 * <p>The methods are public because instrumented classes in every loader call them; they are not an API.
 */
public final class Rt {
  /** Frames deeper than this are counted but not pushed on the detector's shadow stack. */
  static final int MAX_FRAMES = 4096;
  /** Flag bits of {@link #syncBefore}/{@link #syncAfter}. */
  public static final int ACQUIRE = 1;
  public static final int RELEASE = 2;
  /** The sync object is the VarHandle itself (a static field's VarHandle). */
  public static final int ON_HANDLE = 4;

  private static volatile boolean enabled;
  private static RaceDetector detector;
  private static PcTable pcs;
  private static Blocks blocks;
  private static RaceThread root;
  private static Thread mainJavaThread;
  private static Class<?> dontCareFieldPosition;
  /**
   * Detector thread per Java thread id (ids are never reused). Lock-free: a carrier thread ending a virtual thread
   * must never wait for a lock that a parked virtual thread holds. An ended thread stays until its first join, or
   * until {@link #ENDED_KEPT} later threads have ended (an ended detector thread keeps its history ring alive).
   */
  private static final Map<Long, RaceThread> BY_THREAD = new ConcurrentHashMap<>();
  private static final java.util.Queue<Long> ENDED = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private static final java.util.concurrent.atomic.AtomicInteger ENDED_COUNT = new java.util.concurrent.atomic.AtomicInteger();
  private static final int ENDED_KEPT = 4096;
  /** Serialises thread starts from the root, which is one detector thread fed by many Java threads. */
  private static final Object ROOT_LOCK = new Object();
  private static final Map<Long, String> NAMES = new ConcurrentHashMap<>();
  private static final AtomicLong INTERNAL_ERRORS = new AtomicLong();
  /** -Dracekit.agent.trace=true: one stderr line per ignored access (for diagnosing the agent itself). */
  private static final boolean TRACE = Boolean.getBoolean("racekit.agent.trace");

  private static final ThreadLocal<ThreadState> STATE = new ThreadLocal<>() {
    @Override
    protected ThreadState initialValue() {
      Thread t = Thread.currentThread();
      ThreadState s = ThreadStates.of(idOf(t)); // the same state again after an erasure
      if (InternalThreads.isInternal(t)) {
        // RaceKit's own thread (a backend's cleaner, the exit hook): no events, so it never takes the agent's locks.
        // The native backends' cleaner holds its Cleaner's list monitor when the JDK code it runs reaches the runtime,
        // and a thread starting a detector thread holds the agent's locks while it registers with that Cleaner.
        s.dead = true;
      }
      return s;
    }
  };

  private Rt() {}

  /** Starts feeding {@code d}: the current Java thread is the detector's main thread. */
  public static void install(RaceDetector d, PcTable table, Thread mainJava) {
    ThreadState s = STATE.get();
    s.guard = true;
    try {
      detector = d;
      pcs = table;
      blocks = new Blocks();
      d.mapShadow(Blocks.BASE, Blocks.MAPPED_SIZE);
      RaceThread main = d.mainThread();
      // Threads the agent never saw start (JVM threads, threads started before the agent) start from here.
      root = d.startThread(main, PcTable.THREAD_START);
      BY_THREAD.put(idOf(mainJava), main);
      mainJavaThread = mainJava;
      try {
        dontCareFieldPosition = Class.forName("java.text.DontCareFieldPosition", false, null);
      } catch (ClassNotFoundException e) {
        dontCareFieldPosition = null;
      }
      if (Thread.currentThread() == mainJava) {
        s.rt = main;
      }
      enabled = true;
    } finally {
      s.guard = false;
    }
  }

  /** Stops all event handling (the shutdown summary is printed; late events are dropped). */
  public static void disable() {
    enabled = false;
  }

  /** Drops the current thread's events until {@link #resume}; returns the previous state. */
  public static boolean suspend() {
    ThreadState s = STATE.get();
    boolean was = s.guard;
    s.guard = true;
    return was;
  }

  public static void resume(boolean previous) {
    STATE.get().guard = previous;
  }

  public static String threadName(long id) {
    return NAMES.get(id);
  }

  public static String location(long addr) {
    Blocks b = blocks;
    try {
      return b == null ? null : new Locations(b).describe(addr);
    } catch (RuntimeException | LinkageError e) {
      return null; // a class whose fields cannot be listed: the report goes out without a location line
    }
  }

  public static long internalErrors() {
    return INTERNAL_ERRORS.get();
  }

  // ---- entry helpers

  /** The state of the current thread when an event may be handled, else null. */
  private static ThreadState enter() {
    if (!enabled) {
      return null;
    }
    ThreadState s = STATE.get();
    if (s.guard || s.dead) {
      return null;
    }
    s.guard = true;
    if (s.rt == null) {
      try {
        s.rt = attach(Thread.currentThread());
        s.backendDepth = 0; // a fresh detector thread: its shadow stack is empty
        s.synced = 0;
      } catch (Throwable t) {
        failed(t);
        s.guard = false;
        return null;
      }
    }
    return s;
  }

  /**
   * At the entry of an instrumented method: the current thread's state, passed to the method's hot-path calls
   * (null before the agent is installed; those calls then look it up themselves).
   */
  public static ThreadState state() {
    return enabled ? STATE.get() : null;
  }

  /** {@link #enterAccess()} with the state the method fetched at entry. */
  private static ThreadState enterAccess(ThreadState s) {
    if (s == null) {
      return enterAccess();
    }
    if (!enabled || s.ignore > 0 || s.guard || s.dead) {
      return null;
    }
    if (s.rt == null) {
      return enter();
    }
    s.guard = true;
    return s;
  }

  /** {@link #enter()} with the state the method fetched at entry. */
  private static ThreadState enter(ThreadState s) {
    if (s == null || s.rt == null) {
      return enter();
    }
    if (!enabled || s.guard || s.dead) {
      return null;
    }
    s.guard = true;
    return s;
  }

  private static ThreadState enterAccess() {
    if (!enabled) {
      return null;
    }
    ThreadState s = STATE.get();
    if (s.ignore > 0) {
      if (TRACE && !s.guard) {
        traceIgnored(s);
      }
      return null;
    }
    if (s.guard || s.dead) {
      return null;
    }
    if (s.rt == null) {
      return enter(); // attaches the thread
    }
    s.guard = true;
    return s;
  }

  /** Under the guard: printing runs instrumented code, whose own ignored accesses would print again, without end. */
  private static void traceIgnored(ThreadState s) {
    s.guard = true;
    try {
      System.err.println("racekit-trace: " + Thread.currentThread().getName() + " ignored access (ignore="
          + s.ignore + ")");
    } finally {
      s.guard = false;
    }
  }

  private static void failed(Throwable t) {
    if (INTERNAL_ERRORS.getAndIncrement() == 0) {
      System.err.println("racekit-agent: internal error, events may be lost: " + t);
    }
  }

  @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
  private static long idOf(Thread t) {
    return t.getId();
  }

  private static RaceThread attach(Thread t) {
    long id = idOf(t);
    RaceThread rt = BY_THREAD.get(id);
    if (rt != null && !rt.isEnded()) {
      return rt;
    }
    RaceThread fresh;
    synchronized (ROOT_LOCK) {
      fresh = detector.startThread(root, PcTable.THREAD_START);
    }
    NAMES.put(fresh.id(), t.getName());
    BY_THREAD.put(id, fresh);
    return fresh;
  }

  /**
   * The block of {@code o} (0 when none), through the thread's caches: first the few objects it used last, compared
   * by reference (an identity hash costs a call into the VM while the object is locked, and most accesses to an
   * object's fields happen while it is), then the ones before, by identity hash.
   */
  private static long block(ThreadState s, Object o) {
    Object[] recent = s.recentObject;
    for (int i = 0; i < ThreadState.RECENT; i++) {
      if (recent[i] == o) {
        s.limit = s.recentLimit[i];
        return s.recentBlock[i];
      }
    }
    long b = hashedBlock(s, o);
    if (b != 0) {
      int j = s.recentNext++ & (ThreadState.RECENT - 1);
      recent[j] = o;
      s.recentBlock[j] = b;
      s.recentLimit[j] = s.limit;
    }
    return b;
  }

  /**
   * Where objects of {@code type} keep their block (0: in the table), from the thread's two classes asked last: a
   * thread often alternates between two kinds of object (a program's and the JDK's), and the layout's own lookup
   * ({@code ClassValue}) costs more than the table saves.
   */
  private static long blockOffset(ThreadState s, Class<?> type) {
    if (type == s.layoutType) {
      return s.blockOffset;
    }
    if (type == s.otherLayoutType) {
      return s.otherBlockOffset;
    }
    long offset = Layout.of(type).blockOffset;
    s.otherLayoutType = s.layoutType;
    s.otherBlockOffset = s.blockOffset;
    s.layoutType = type;
    s.blockOffset = offset;
    return offset;
  }

  private static long hashedBlock(ThreadState s, Object o) {
    int h = System.identityHashCode(o);
    int i = (h ^ (h >>> 15)) & (ThreadState.CACHE - 1);
    if (s.cacheObject[i] == o) {
      s.limit = s.cacheLimit[i];
      return s.cacheBlock[i];
    }
    Blocks.Found f = s.found;
    Class<?> type = o.getClass();
    long offset = type.isArray() ? 0 : blockOffset(s, type);
    // Blocks of dead objects are declared fresh before they can be handed out again.
    if (offset != 0) {
      blocks.lookupByField(o, h, offset, f, s);
    } else {
      blocks.lookup(o, h, f, s);
    }
    if (f.block == 0) {
      return 0;
    }
    long limit = f.block + (1L << f.shift);
    if (type.isArray()) { // the end of its elements: an array access then needs no length of its own
      limit = Math.min(limit, f.block + 8 + (long) Array.getLength(o) * Blocks.elementSize(type.getComponentType()));
    }
    s.limit = limit;
    s.cacheObject[i] = o;
    s.cacheBlock[i] = f.block;
    s.cacheLimit[i] = limit;
    return f.block;
  }

  // ---- fields

  /** A field event's kind: a read (after GETFIELD/GETSTATIC), a write (before PUTFIELD/PUTSTATIC), or an update. */
  public static final int READ = 0;
  public static final int WRITE = 1;
  /**
   * Before a PUTFIELD that stores a value computed from a GETFIELD of the same field of the same object, with
   * nothing between them but arithmetic ({@code x.f++}, {@code x.f += y}): one write stands for the read and the
   * write, as TSan's instrumentation does for a read followed by a write of one location (any access that races with
   * the read races with the write too). A volatile field still gets its acquire and release.
   */
  public static final int UPDATE = 2;

  /**
   * An instance field's event, called straight from instrumented code. A plain field's access is made here, with
   * no helper in between: every call level counts against the JIT's inlining depth, and past it a native backend's
   * call is no longer compiled inline.
   */
  public static void field(Object o, int pc, int kind, ThreadState state) {
    if (o == null) {
      return;
    }
    ThreadState s = enterAccess(state);
    if (s == null) {
      return;
    }
    try {
      PcEntry e = pcs.get(pc);
      if (e == null) {
        return;
      }
      int fieldState = e.state;
      if (fieldState == FieldSites.UNRESOLVED) {
        FieldSites.resolveInstance(e, o.getClass());
        fieldState = e.state;
      }
      if (fieldState == FieldSites.PLAIN) {
        if (o.getClass() == dontCareFieldPosition) {
          return; // the JDK's shared FieldPosition singleton: written by every DateFormat.format, read by none
        }
        long b = block(s, o);
        long addr = b + 8 + 8L * e.slot;
        if (b == 0 || addr + 8 > s.limit) {
          return; // untracked or clipped
        }
        if (TRACE) {
          System.err.println("racekit-trace: " + s.rt.id() + " " + (kind == READ ? "read" : "write") + " 0x"
              + Long.toHexString(addr) + " pc " + pc);
        }
        syncStack(s);
        if (kind == READ) {
          s.rt.read(addr, 8, pc);
        } else {
          s.rt.write(addr, 8, pc);
        }
      } else {
        notPlain(s, o, e, fieldState, kind, pc);
      }
    } catch (Throwable t) {
      failed(t);
    } finally {
      s.guard = false;
    }
  }

  /** A static field's event, called straight from instrumented code. */
  public static void staticField(Class<?> owner, int pc, int kind, ThreadState state) {
    ThreadState s = enterAccess(state);
    if (s == null) {
      return;
    }
    try {
      PcEntry e = pcs.get(pc);
      if (e == null) {
        return;
      }
      int fieldState = e.state;
      if (fieldState == FieldSites.UNRESOLVED) {
        FieldSites.resolveStatic(e, owner);
        fieldState = e.state;
      }
      if (!followsSiteClass(s, e)) {
        usesClass(s, e, e.staticHolder);
      }
      if (fieldState == FieldSites.PLAIN) {
        access(s, e.staticHolder, e.slot, false, kind, pc);
      } else {
        notPlain(s, e.staticHolder, e, fieldState, kind, pc);
      }
    } catch (Throwable t) {
      failed(t);
    } finally {
      s.guard = false;
    }
  }

  /** A volatile field, a field that links its holder's clock, or one that is ignored. */
  private static void notPlain(ThreadState s, Object holder, PcEntry e, int fieldState, int kind, int pc) {
    if (fieldState == FieldSites.LINK) {
      if (kind == UPDATE) {
        link(s, holder, false);
      }
      link(s, holder, kind != READ);
    } else if (fieldState == FieldSites.VOLATILE) {
      access(s, holder, e.slot, true, kind, pc);
    }
  }

  private static void link(ThreadState s, Object holder, boolean write) {
    long b = block(s, holder);
    if (b != 0) {
      if (write) {
        s.rt.releaseMerge(b);
      } else {
        s.rt.acquire(b);
      }
    }
  }

  private static void access(ThreadState s, Object holder, int slot, boolean isVolatile, int kind, int pc) {
    long b = block(s, holder);
    if (b == 0) {
      return;
    }
    long addr = b + 8 + 8L * slot;
    if (addr + 8 > s.limit) {
      return; // clipped
    }
    if (TRACE) {
      System.err.println("racekit-trace: " + s.rt.id() + " " + (kind == READ ? "read" : "write")
          + (isVolatile ? " volatile" : "") + " 0x" + Long.toHexString(addr) + " pc " + pc);
    }
    syncStack(s);
    RaceThread rt = s.rt;
    if (!isVolatile) {
      if (kind == READ) {
        rt.read(addr, 8, pc);
      } else {
        rt.write(addr, 8, pc);
      }
    } else if (kind != READ) {
      if (kind == UPDATE) {
        rt.atomicRead(addr, 8, pc);
        rt.acquire(b);
      }
      rt.releaseMerge(b); // before the store: a reader that sees the value gets everything before it
      rt.atomicWrite(addr, 8, pc);
    } else {
      rt.atomicRead(addr, 8, pc);
      rt.acquire(b);
    }
  }

  // ---- arrays

  /**
   * Before an array element load or store, called straight from instrumented code (one entry for both: every call
   * level here counts against the JIT's inlining depth, and past it a native backend's call is no longer compiled
   * inline). {@code size}: the element's size in bytes, which the
   * instrumenter knows from the opcode.
   */
  public static void arrayAccess(Object array, int index, int size, int pc, boolean write, ThreadState state) {
    if (array == null) {
      return;
    }
    ThreadState s = enterAccess(state);
    if (s == null) {
      return;
    }
    try {
      if (index >= 0) {
        long b = block(s, array);
        long addr = b + 8 + (long) index * size;
        if (b != 0 && addr + size <= s.limit) { // within the elements (an index past them throws after this)
          syncStack(s);
          if (write) {
            s.rt.write(addr, size, pc);
          } else {
            s.rt.read(addr, size, pc);
          }
        }
      }
    } catch (Throwable t) {
      failed(t);
    } finally {
      s.guard = false;
    }
  }

  /** Before {@code System.arraycopy}: a range read of the source and a range write of the destination. */
  public static void arraycopy(Object src, int srcPos, Object dst, int dstPos, int length, int pc) {
    if (src == null || dst == null || length <= 0) {
      return;
    }
    ThreadState s = enterAccess();
    if (s == null) {
      return;
    }
    try {
      Class<?> st = src.getClass();
      Class<?> dt = dst.getClass();
      if (st.isArray() && dt.isArray() && srcPos >= 0 && dstPos >= 0
          && (long) srcPos + length <= Array.getLength(src) && (long) dstPos + length <= Array.getLength(dst)) {
        range(s, src, srcPos, length, false, pc);
        range(s, dst, dstPos, length, true, pc);
      }
    } catch (Throwable t) {
      failed(t);
    } finally {
      s.guard = false;
    }
  }

  /**
   * Before the {@code System.arraycopy} inside {@code Arrays.copyOf}/{@code copyOfRange}: the source range is read;
   * the destination is the copy those methods just allocated, which no other thread can hold yet, so it gets no
   * event (and no block) until the program touches it.
   */
  public static void arraycopySource(Object src, int srcPos, Object dst, int dstPos, int length, int pc) {
    if (src == null || length <= 0) {
      return;
    }
    ThreadState s = enterAccess();
    if (s == null) {
      return;
    }
    try {
      if (src.getClass().isArray() && srcPos >= 0 && (long) srcPos + length <= Array.getLength(src)) {
        range(s, src, srcPos, length, false, pc);
      }
    } catch (Throwable t) {
      failed(t);
    } finally {
      s.guard = false;
    }
  }

  /** At the entry of {@code Arrays.fill(a, from, to, v)} and similar: one range write. */
  public static void arrayWriteRange(Object array, int from, int to, int pc) {
    if (array == null || from < 0 || to <= from) {
      return;
    }
    ThreadState s = enterAccess();
    if (s == null) {
      return;
    }
    try {
      if (array.getClass().isArray() && to <= Array.getLength(array)) {
        range(s, array, from, to - from, true, pc);
      }
    } catch (Throwable t) {
      failed(t);
    } finally {
      s.guard = false;
    }
  }

  /** {@code Arrays.fill(a, v)}: the whole array. */
  public static void arrayWriteAll(Object array, int pc) {
    if (array != null && array.getClass().isArray()) {
      arrayWriteRange(array, 0, Array.getLength(array), pc);
    }
  }

  private static void range(ThreadState s, Object array, int from, int length, boolean write, int pc) {
    int size = Blocks.elementSize(array.getClass().getComponentType());
    long b = block(s, array);
    if (b == 0) {
      return;
    }
    long start = b + 8 + (long) from * size;
    long end = Math.min(start + (long) length * size, s.limit);
    if (end <= start) {
      return;
    }
    syncStack(s);
    if (write) {
      s.rt.writeRange(start, end - start, pc);
    } else {
      s.rt.readRange(start, end - start, pc);
    }
  }

  // ---- synchronization

  /** After MONITORENTER, and at the entry of a synchronized method. */
  public static void monitorEnter(Object o) {
    sync(o, ACQUIRE);
  }

  /** Before MONITOREXIT, and before a synchronized method returns. */
  public static void monitorExit(Object o) {
    sync(o, RELEASE);
  }

  /** {@link #monitorEnter(Object)} in an instrumented method, with the state it fetched at entry. */
  public static void monitorEnter(Object o, ThreadState state) {
    sync(o, ACQUIRE, state);
  }

  /** {@link #monitorExit(Object)} in an instrumented method, with the state it fetched at entry. */
  public static void monitorExit(Object o, ThreadState state) {
    sync(o, RELEASE, state);
  }

  /** Before {@code Object.wait}: the monitor is released. */
  public static void beforeWait(Object o) {
    sync(o, RELEASE);
  }

  /** After {@code Object.wait}: the monitor is acquired again. */
  public static void afterWait(Object o) {
    sync(o, ACQUIRE);
  }

  /**
   * {@code o.wait()} in instrumented code. The monitor is released, and taken back however the wait ends: the JVM
   * re-acquires it before it throws {@code InterruptedException} too, so the acquire is recorded in every case; that
   * exception also observes the interrupt ({@link #interruptObserved}). A
   * thread that does not hold the monitor gets its {@code IllegalMonitorStateException} with nothing recorded.
   */
  public static void objectWait(Object o) throws InterruptedException {
    if (!Thread.holdsLock(o)) {
      o.wait();
      return;
    }
    beforeWait(o);
    try {
      o.wait();
    } catch (InterruptedException e) {
      throw observed(e);
    } finally {
      afterWait(o);
    }
  }

  /** {@code o.wait(millis)} in instrumented code; see {@link #objectWait(Object)}. */
  public static void objectWait(Object o, long millis) throws InterruptedException {
    if (!Thread.holdsLock(o)) {
      o.wait(millis);
      return;
    }
    beforeWait(o);
    try {
      o.wait(millis);
    } catch (InterruptedException e) {
      throw observed(e);
    } finally {
      afterWait(o);
    }
  }

  /** {@code o.wait(millis, nanos)} in instrumented code; see {@link #objectWait(Object)}. */
  public static void objectWait(Object o, long millis, int nanos) throws InterruptedException {
    if (!Thread.holdsLock(o)) {
      o.wait(millis, nanos);
      return;
    }
    beforeWait(o);
    try {
      o.wait(millis, nanos);
    } catch (InterruptedException e) {
      throw observed(e);
    } finally {
      afterWait(o);
    }
  }

  // ---- interrupts (JLS 17.4.4: an interrupt synchronizes-with every point that determines the thread was interrupted)

  /**
   * Inside the sync word of a {@code Thread}'s block, apart from its monitor at offset 0: the thread's interrupt
   * status. Its own address, so that {@code synchronized (thread)} and the interrupt do not order each other.
   */
  private static final int INTERRUPT_SYNC = 1;

  /** At the entry of {@code Thread.interrupt}: the interrupter's past is released to the thread it interrupts. */
  public static void interrupting(Object thread) {
    sync(thread, INTERRUPT_SYNC, RELEASE, null);
  }

  /**
   * Where a thread learns that {@code thread} (null: itself) was interrupted: {@code Thread.interrupted()} or
   * {@code isInterrupted()} returning true, or an {@code InterruptedException} out of a sleep, wait or join.
   */
  public static void interruptObserved(boolean interrupted, Object thread) {
    if (interrupted) {
      sync(thread != null ? thread : Thread.currentThread(), INTERRUPT_SYNC, ACQUIRE, null);
    }
  }

  /**
   * An {@code InterruptedException} leaving {@code Thread.sleep} or {@code join} (every overload, whoever called it),
   * or a {@code ClosedByInterruptException} leaving an interruptible channel's I/O: the current thread observes its
   * own interrupt. Called from the handler the agent adds around those bodies, which rethrows.
   */
  public static void interruptThrown() {
    interruptObserved(true, null);
  }

  /** An {@code InterruptedException} the current thread caught: it observes the interrupt; returned for rethrowing. */
  private static InterruptedException observed(InterruptedException e) {
    interruptObserved(true, null);
    return e;
  }

  /** {@code Thread.sleep(millis)} in instrumented code: an interrupt that ends it is observed. */
  public static void sleep(long millis) throws InterruptedException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw observed(e);
    }
  }

  /** {@code Thread.sleep(millis, nanos)} in instrumented code; see {@link #sleep(long)}. */
  public static void sleep(long millis, int nanos) throws InterruptedException {
    try {
      Thread.sleep(millis, nanos);
    } catch (InterruptedException e) {
      throw observed(e);
    }
  }

  /** {@code t.join()} in instrumented code: the joined thread's end, or the interrupt that ended the wait. */
  public static void join(Thread t) throws InterruptedException {
    try {
      t.join();
    } catch (InterruptedException e) {
      throw observed(e);
    }
    afterJoin(t);
  }

  /** {@code t.join(millis)} in instrumented code; see {@link #join(Thread)}. */
  public static void join(Thread t, long millis) throws InterruptedException {
    try {
      t.join(millis);
    } catch (InterruptedException e) {
      throw observed(e);
    }
    afterJoin(t);
  }

  /** {@code t.join(millis, nanos)} in instrumented code; see {@link #join(Thread)}. */
  public static void join(Thread t, long millis, int nanos) throws InterruptedException {
    try {
      t.join(millis, nanos);
    } catch (InterruptedException e) {
      throw observed(e);
    }
    afterJoin(t);
  }

  /** Before a VarHandle or Unsafe operation: the release half (releaseMerge: one clock serves the whole object). */
  public static void syncBefore(Object handle, Object target, int flags, ThreadState state) {
    if ((flags & RELEASE) != 0) {
      sync((flags & ON_HANDLE) != 0 ? handle : target, RELEASE, state);
    }
  }

  /** After a VarHandle or Unsafe operation: the acquire half. */
  public static void syncAfter(Object handle, Object target, int flags, ThreadState state) {
    if ((flags & ACQUIRE) != 0) {
      sync((flags & ON_HANDLE) != 0 ? handle : target, ACQUIRE, state);
    }
  }

  private static void sync(Object o, int kind) {
    sync(o, 0, kind, null);
  }

  private static void sync(Object o, int kind, ThreadState state) {
    sync(o, 0, kind, state);
  }

  /** Acquire or release-merge the sync object at {@code offset} in {@code o}'s block (0: its sync word). */
  private static void sync(Object o, int offset, int kind, ThreadState state) {
    if (o == null) {
      return;
    }
    ThreadState s = enter(state);
    if (s == null) {
      return;
    }
    try {
      long b = block(s, o);
      if (b != 0) {
        syncAt(s, b + offset, kind, o);
      }
    } catch (Throwable t) {
      failed(t);
    } finally {
      s.guard = false;
    }
  }

  /**
   * Inside the guard: acquire or release-merge the sync object at {@code addr}; a trace names it by {@code what}'s
   * class, or by {@code what} when it is a string.
   */
  private static void syncAt(ThreadState s, long addr, int kind, Object what) {
    if (TRACE) {
      System.err.println("racekit-trace: " + s.rt.id() + (kind == ACQUIRE ? " acquire" : " release") + " 0x"
          + Long.toHexString(addr) + " " + (what instanceof String n ? n : what.getClass().getName()));
    }
    if (kind == ACQUIRE) {
      s.rt.acquire(addr);
    } else {
      s.rt.releaseMerge(addr);
    }
  }

  // ---- sockets (SocketEdges hooks the JDK's reads and writes)

  /** A socket's bytes are about to be written ({@code SocketImpl}: its local and remote port). */
  public static void beforeSocketWrite(int localPort, int remotePort) {
    io(Connections.sync(localPort, remotePort), RELEASE, "connection");
  }

  /** A socket read returned {@code read}: what the other end did before sending what it read happens before. */
  public static void afterSocketRead(int read, int localPort, int remotePort) {
    if (Connections.delivered(read)) {
      io(Connections.sync(localPort, remotePort), ACQUIRE, "connection");
    }
  }

  /** {@link #beforeSocketWrite(int, int)} for a channel's two addresses. */
  public static void beforeSocketWrite(Object local, Object remote) {
    io(Connections.sync(local, remote), RELEASE, "connection");
  }

  /** {@link #afterSocketRead(int, int, int)} for a channel's two addresses. */
  public static void afterSocketRead(int read, Object local, Object remote) {
    if (Connections.delivered(read)) {
      io(Connections.sync(local, remote), ACQUIRE, "connection");
    }
  }

  /** A datagram is about to be sent to {@code target} (an address; other than IP: no edge). */
  public static void beforeDatagramSend(Object target) {
    io(Connections.datagramSync(target), RELEASE, "connection");
  }

  /**
   * A receive on the channel bound to {@code local} returned {@code received} (bytes, maybe 0 for an empty datagram;
   * negative: none came): what the senders to this port did before sending happens before what follows.
   */
  public static void afterDatagramReceive(int received, Object local) {
    if (received >= 0) {
      io(Connections.datagramSync(local), ACQUIRE, "connection");
    }
  }

  // ---- files (FileEdges hooks the JDK's reads and writes)

  /** A file's bytes are about to be written ({@code path}: what it was opened as; null for a descriptor: no edge). */
  public static void beforeFileWrite(String path) {
    if (path != null) {
      io(FilePaths.sync(path), RELEASE, path);
    }
  }

  /** A read of a file returned: what its writers did before writing happens before what follows. */
  public static void afterFileRead(String path) {
    if (path != null) {
      io(FilePaths.sync(path), ACQUIRE, path);
    }
  }

  /** Acquires or release-merges the I/O sync object at {@code addr} (0: none), named by {@code what} in a trace. */
  private static void io(long addr, int kind, String what) {
    if (addr == 0) {
      return;
    }
    ThreadState s = enter((ThreadState) null);
    if (s == null) {
      return;
    }
    try {
      syncAt(s, addr, kind, what);
    } catch (Throwable t) {
      failed(t);
    } finally {
      s.guard = false;
    }
  }

  // ---- stacks

  /** The thread's state: the one the instrumented method holds, else its own (null while the agent is off). */
  private static ThreadState current(ThreadState state) {
    return state != null ? state : enabled ? STATE.get() : null;
  }

  /**
   * Before a call into instrumented code: pushes the call site on the thread's own stack. The detector's shadow stack
   * follows lazily ({@link #syncStack}), at the thread's next access or thread start: a call that returns without
   * one costs no detector event.
   */
  public static void call(int pc, ThreadState state) {
    ThreadState s = current(state);
    if (s == null || !enabled || s.guard || s.dead) {
      return;
    }
    s.push(pc, MAX_FRAMES);
  }

  /** After such a call returns normally. */
  public static void ret(ThreadState state) {
    ThreadState s = current(state);
    if (s == null || !enabled || s.guard || s.dead) {
      return;
    }
    s.pop();
  }

  /**
   * Brings the detector's shadow stack in line with the thread's own before an event that records a stack. Frames
   * the detector already holds with the same call site stay: a loop that calls one helper per iteration costs no
   * stack event at all after the first.
   */
  private static void syncStack(ThreadState s) {
    int target = Math.min(s.depth, MAX_FRAMES);
    int[] frames = s.frames;
    int[] held = s.backendFrames;
    int keep = s.synced;
    int limit = Math.min(s.backendDepth, target);
    while (keep < limit && held[keep] == frames[keep]) {
      keep++;
    }
    RaceThread rt = s.rt;
    while (s.backendDepth > keep) {
      rt.funcExit();
      s.backendDepth--;
    }
    if (target > held.length) {
      held = s.growBackendFrames(target);
    }
    while (s.backendDepth < target) {
      int pc = frames[s.backendDepth];
      rt.funcEnter(pc);
      held[s.backendDepth++] = pc;
    }
    s.synced = target;
  }

  /**
   * At the entry of a method with exception handlers or tracked calls: the depth and ignore depth to restore in a
   * handler, or when an exception leaves the method (-1: nothing to restore, the agent was not running yet).
   */
  public static long enterDepth(ThreadState state) {
    ThreadState s = current(state);
    return s == null ? -1 : ((long) s.ignore << 32) | s.depth;
  }

  /**
   * In an exception handler, and when an exception leaves a method: pops the frames of the calls the exception left
   * and closes the ignore regions it skipped. Done where the exception passes, not left to the next instrumented
   * handler: the code that catches it may be uninstrumented (the JDK calling an uncaught-exception handler, a class
   * loader trying its parent) and go on to run instrumented code.
   */
  public static void unwind(long saved, ThreadState state) {
    if (saved < 0 || !enabled) {
      return;
    }
    ThreadState s = state != null ? state : STATE.get();
    s.ignore = (int) (saved >>> 32);
    if (s.optimisticAt >= s.ignore) {
      s.optimisticAt = -1; // the optimistic read section was opened below the frame the exception unwinds to
    }
    if (s.guard || s.dead) {
      return;
    }
    s.unwindTo((int) saved);
  }

  /**
   * Opens an ignore region: the thread's accesses are not recorded until {@link #ignoreEnd()} (synchronisation still
   * is). Around calls into JDK code that publishes what it builds with synchronisation the agent does not see, and
   * around the bodies of known benign races; a handler restores the depth saved at its method's entry.
   */
  public static void ignoreBegin() {
    if (enabled) {
      STATE.get().ignore++;
    }
  }

  /** Closes the innermost ignore region. */
  public static void ignoreEnd() {
    if (enabled) {
      ThreadState s = STATE.get();
      if (s.ignore > 0) {
        s.ignore--;
      }
    }
  }

  /**
   * After {@code StampedLock.tryOptimisticRead()} in instrumented code: the thread's accesses until
   * {@code validate} (or until the method that called it returns) are not recorded. Those reads are speculative by
   * the lock's design: they race with a writer only when {@code validate} then fails and the values are discarded, and
   * when it succeeds no write came between, so there was nothing to check them against. A thread has one such section
   * open at most; another {@code tryOptimisticRead} in it (a retry loop) opens nothing more.
   */
  public static void optimisticReadBegin(ThreadState state) {
    ThreadState s = current(state);
    if (s != null && s.optimisticAt < 0) {
      s.optimisticAt = s.ignore;
      s.ignore++;
    }
  }

  /** After {@code StampedLock.validate}, and before a method that opened a section returns: closes it. */
  public static void optimisticReadEnd(ThreadState state) {
    ThreadState s = current(state);
    if (s != null && s.optimisticAt >= 0) {
      if (s.ignore > s.optimisticAt) {
        s.ignore--;
      }
      s.optimisticAt = -1;
    }
  }

  /**
   * At the entry of a JDK class's initialiser: its accesses are not recorded (the JVM orders it before every use, and
   * uninstrumented JDK code reads what it built without passing a site that would acquire it).
   */
  public static void clinitBegin() {
    ignoreBegin();
  }

  /** Before a JDK class's initialiser returns. */
  public static void clinitEnd() {
    ignoreEnd();
  }

  // ---- class initialisation (JLS 12.4.2: the end of a class's initialisation happens-before every use of the class)

  /**
   * Inside the sync word of a {@code Class}'s block, apart from its monitor at offset 0 (a {@code synchronized
   * static} method's): the end of the class's initialisation. A {@code Class} is never a {@code Thread}, whose
   * block has its interrupt status at the same offset.
   */
  private static final int CLASS_INIT_SYNC = 1;
  /** Whether a loaded class is initialised (the JDK's answer); until the agent sets it, every class is. */
  private static volatile java.util.function.Predicate<Class<?>> initialised = c -> true;

  /** Set at start: how the runtime asks whether a class has been initialised. */
  public static void classInitialisation(java.util.function.Predicate<Class<?>> isInitialised) {
    initialised = isInitialised;
  }

  /**
   * At the entry of an application class's initialiser, which is recorded: the class gets its number, and the
   * initialising thread needs no acquire for its own uses of the class.
   */
  public static void classInitBegin(Class<?> c, ThreadState state) {
    ThreadState s = enter(state);
    if (s == null) {
      return;
    }
    try {
      s.followInit(Layout.of(c).recordsInitialiser());
    } catch (Throwable t) {
      failed(t);
    } finally {
      s.guard = false;
    }
  }

  /** Before a recorded initialiser returns: what it did is released to every thread's first use of the class. */
  public static void classInitEnd(Class<?> c, ThreadState state) {
    sync(c, CLASS_INIT_SYNC, RELEASE, state);
  }

  /**
   * After an instruction that initialises {@code c} when it is not ({@code new}, a static call) in code of another
   * class: the first such use by each thread acquires the end of the class's initialisation.
   */
  public static void classUsed(Class<?> c, int pc, ThreadState state) {
    ThreadState s = current(state);
    if (s == null || s.guard || s.dead) {
      return;
    }
    PcEntry e = pcs.get(pc);
    if (e == null) {
      return;
    }
    if (!followsSiteClass(s, e)) {
      enterAndUseClass(s, e, c);
    }
  }

  /** Whether the class a site uses needs no acquire by this thread: its initialiser is not recorded, or followed. */
  private static boolean followsSiteClass(ThreadState s, PcEntry site) {
    int init = site.initIndex;
    return init == PcEntry.INIT_NONE || (init >= 0 && s.followsInit(init));
  }

  /** After {@code Class.forName} returns {@code c}: it was initialised for the caller, or by it (JLS 12.4.2). */
  public static void classForName(Class<?> c, ThreadState state) {
    if (c != null) {
      enterAndUseClass(state, null, c);
    }
  }

  /**
   * After {@code Constructor.newInstance} or {@code Class.newInstance} returns {@code o} in instrumented code
   * (ServiceLoader creating a provider is such code): its class was initialised for the caller, or by it.
   */
  public static void reflectivelyCreated(Object o, ThreadState state) {
    if (o != null) {
      enterAndUseClass(state, null, o.getClass());
    }
  }

  private static void enterAndUseClass(ThreadState state, PcEntry site, Class<?> c) {
    ThreadState s = enter(state);
    if (s == null) {
      return;
    }
    try {
      usesClass(s, site, c);
    } catch (Throwable t) {
      failed(t);
    } finally {
      s.guard = false;
    }
  }

  /**
   * A use of {@code c} by a thread that may not follow its initialisation yet: once {@code c} is initialised, an
   * acquire of its end if the initialiser was recorded, remembered by the thread and by the site. A class still being
   * initialised (by another thread that this one is about to wait for) is asked again at the next use.
   */
  private static void usesClass(ThreadState s, PcEntry site, Class<?> c) {
    if (c == null) {
      if (site != null) {
        site.initIndex = PcEntry.INIT_NONE;
      }
      return;
    }
    Layout layout = Layout.of(c);
    int init = layout.initIndex;
    if (init >= 0 && s.followsInit(init)) {
      if (site != null) {
        site.initIndex = init;
      }
      return;
    }
    if (!initialised.test(c)) {
      return;
    }
    init = layout.initIndex; // numbered by now if its initialiser was recorded
    if (site != null) {
      site.initIndex = init >= 0 ? init : PcEntry.INIT_NONE;
    }
    if (init >= 0) {
      long b = block(s, c);
      if (b != 0) {
        s.rt.acquire(b + CLASS_INIT_SYNC);
      }
      s.followInit(init);
    }
  }

  // ---- threads

  /** Around a {@code start()} call in instrumented code: the pc (or 0 after it) that thread creation reports. */
  public static void noteStart(int pc) {
    if (enabled) {
      STATE.get().startPc = pc;
    }
  }

  /** At the entry of {@code Thread.start}: the new thread's detector thread starts from the current one. */
  public static void threadStart(Object thread) {
    if (!(thread instanceof Thread t) || t.getState() != Thread.State.NEW) {
      return;
    }
    ThreadState s = enter();
    if (s == null) {
      return;
    }
    try {
      long pc = s.startPc != 0 ? s.startPc : PcTable.THREAD_START;
      s.startPc = 0;
      long id = idOf(t);
      if (!BY_THREAD.containsKey(id)) {
        syncStack(s); // the child's creation stack is this one
        RaceThread child = detector.startThread(s.rt, pc);
        NAMES.put(child.id(), t.getName());
        BY_THREAD.put(id, child);
      }
    } catch (Throwable e) {
      failed(e);
    } finally {
      s.guard = false;
    }
  }

  /** Run by a thread that is ending ({@code Thread.exit}, a virtual thread's completion). */
  public static void threadExit(Object thread) {
    if (!enabled || !(thread instanceof Thread t)) {
      return;
    }
    ThreadState s = STATE.get();
    if (s.guard) {
      return;
    }
    s.guard = true;
    try {
      long id = idOf(t);
      RaceThread rt = BY_THREAD.get(id);
      if (rt != null && !rt.isEnded()) {
        rt.end();
        ENDED.add(id);
        if (ENDED_COUNT.incrementAndGet() > ENDED_KEPT) {
          Long oldest = ENDED.poll();
          if (oldest != null) {
            ENDED_COUNT.decrementAndGet();
            RaceThread old = BY_THREAD.remove(oldest);
            if (old != null) {
              NAMES.remove(old.id());
            }
          }
        }
      }
      if (Thread.currentThread() == t) {
        s.dead = true;
        s.rt = null;
        ThreadStates.remove(idOf(t));
      }
    } catch (Throwable e) {
      failed(e);
    } finally {
      s.guard = false;
    }
  }

  /**
   * Before code the agent does not see hands {@code o} (or what it stands for) to other threads: what this thread
   * wrote so far is released on it. Before {@code computeValue} of a {@code ClassValue} subclass returns (ClassValue,
   * in {@code java.lang}, publishes the value to every thread whose {@code get} finds it; {@link #afterClassValueGet}
   * acquires), and before a constructor of a class that declares {@code finalize()} returns (the end of a constructor
   * happens-before the object's finalizer, JLS 17.4.5; {@link #finalizing} acquires).
   */
  public static void published(Object o, ThreadState state) {
    sync(o, RELEASE, state);
  }

  /**
   * After {@code ReferenceQueue.poll} or {@code remove} in instrumented code returned {@code reference}: the release
   * its constructor made (a direct subclass of a reference class, instrumented) is acquired, as a finalizer acquires
   * its object's construction. The JDK orders the garbage collector's clearing before the enqueue and the enqueue
   * before the dequeue; the constructor's writes come before the referent could become unreachable.
   */
  public static void dequeued(Object reference, ThreadState state) {
    sync(reference, ACQUIRE, state);
  }

  /** After {@code ClassValue.get} in instrumented code: whatever computed the value it returned is ordered before. */
  public static void afterClassValueGet(Object classValue) {
    sync(classValue, ACQUIRE);
  }

  /**
   * At the entry of {@code finalize()}: what the object's constructors wrote is ordered before, and its fields' history
   * is forgotten, as at a free and a new allocation: every write to them before finalization is visible to the
   * finalizer (JLS 12.6.1), whichever thread made it, and the object is unreachable, so no thread but the finalizer's
   * touches them again (an object the finalizer resurrects starts afresh).
   */
  public static void finalizing(Object o, ThreadState state) {
    ThreadState s = enter(state);
    if (s == null) {
      return;
    }
    try {
      long b = block(s, o);
      if (b != 0) {
        s.rt.acquire(b);
        s.rt.malloc(b, s.limit - b);
      }
    } catch (Throwable t) {
      failed(t);
    } finally {
      s.guard = false;
    }
  }

  /**
   * Before {@code System.gc()} or {@code Runtime.gc()} in instrumented code: every thread's block caches let go of
   * the objects they hold, so that an object the program dropped is collected, its weak references cleared and its
   * finalizer run by this collection, as without the agent (a test that drops an object and waits for its weak
   * reference to clear saw it kept alive by the cache of the thread that touched it last).
   */
  public static void beforeGc() {
    if (enabled) {
      boolean was = suspend(); // the walk is the agent's work: whatever it calls makes no event
      try {
        ThreadStates.forEach(ThreadState::releaseCachedObjects);
      } finally {
        resume(was);
      }
    }
  }

  /** After {@code Thread.join} in instrumented code: a thread that is no longer alive is joined. */
  public static void afterJoin(Object thread) {
    if (thread instanceof Thread t && !t.isAlive()) {
      joined(t);
    }
  }

  /** After {@code Thread.isAlive} in instrumented code: false means the thread has ended, as after a join. */
  public static void afterIsAlive(Object thread, boolean alive) {
    if (!alive && thread instanceof Thread t) {
      joined(t);
    }
  }

  private static void joined(Thread t) {
    ThreadState s = enter();
    if (s == null) {
      return;
    }
    try {
      long id = idOf(t);
      RaceThread child = BY_THREAD.get(id);
      if (child != null && child != s.rt && child.isEnded()) {
        s.rt.join(child);
        BY_THREAD.remove(id, child); // a second join of the same thread finds nothing: the first one ordered it
      }
    } catch (Throwable e) {
      failed(e);
    } finally {
      s.guard = false;
    }
  }

  /** At the entry of {@code Thread.dispatchUncaughtException}: the main thread failing makes the launcher exit 1. */
  public static void uncaught(Object thread) {
    if (thread != null && thread == mainJavaThread) {
      ExitStatus.mainThreadFailed();
    }
  }

  /** At the entry of {@code Runtime.exit}. */
  public static void runtimeExit(int status) {
    ExitStatus.exitCalled(status);
  }

  /** At the entry of {@code Runtime.addShutdownHook}. */
  public static void shutdownHookAdded(Thread hook) {
    ShutdownHooks.added(hook);
  }

  /** At the entry of {@code Runtime.removeShutdownHook}. */
  public static void shutdownHookRemoved(Thread hook) {
    ShutdownHooks.removed(hook);
  }

  /** Waits for the program's other shutdown hooks (called from the agent's own hook, before it halts). */
  public static void awaitOtherShutdownHooks() {
    ShutdownHooks.awaitOthers();
  }

  public static int exitStatus() {
    return ExitStatus.status();
  }
}
