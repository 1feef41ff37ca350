package dev.racekit.agent.rt;

import dev.racekit.RaceThread;

/**
 * Per Java thread (platform or virtual), public only because instrumented methods hold it in a local: its detector thread, the re-entry guard, the shadow stack depth, the
 * class-initialisation ignore depth, and a cache of recent objects' blocks. The constructor must use no
 * instrumented class (it runs inside {@code ThreadLocal.get}).
 */
public final class ThreadState implements Blocks.Reset {
  /** Recent objects' blocks, direct-mapped by identity hash (a power of two; the entries keep their objects alive). */
  static final int CACHE = 32;

  /** The Java thread's id, and the next state in {@link ThreadStates}' bucket. */
  final long threadId;
  ThreadState nextInBucket;

  RaceThread rt;
  /** Set while the runtime handles an event (and forever once the thread has ended): events are dropped. */
  boolean guard;
  boolean dead;
  /** Call depth as the instrumented code sees it; frames beyond {@link Rt#MAX_FRAMES} are counted, not kept. */
  int depth;
  /** The call sites of the first {@code min(depth, MAX_FRAMES)} frames. */
  int[] frames = new int[32];
  /** The call sites of the frames the detector's shadow stack holds, and how many it holds. */
  int[] backendFrames = new int[32];
  int backendDepth;
  /** How many frames from the bottom are known to equal ours without comparing (none was popped below). */
  int synced;
  /** Nesting of class initialisers: accesses are not recorded while positive. */
  int ignore;
  /** {@link #ignore} as it was when this thread opened a StampedLock optimistic read section, or -1 (none open). */
  int optimisticAt = -1;
  /** The call-site pc of a {@code start()} call in progress, or 0. */
  long startPc;
  /**
   * Bit i set: this thread has acquired the end of the recorded initialiser of the class whose
   * {@link Layout#initIndex} is i (or is running it), so its uses of that class need no acquire.
   */
  long[] followsInit = new long[1];

  boolean followsInit(int index) {
    int word = index >>> 6;
    return word < followsInit.length && (followsInit[word] & (1L << index)) != 0;
  }

  void followInit(int index) {
    int word = index >>> 6;
    if (word >= followsInit.length) {
      long[] grown = new long[Math.max(word + 1, followsInit.length * 2)];
      System.arraycopy(followsInit, 0, grown, 0, followsInit.length);
      followsInit = grown;
    }
    followsInit[word] |= 1L << index;
  }

  /**
   * Lets go of the objects the block caches hold. Called from any thread: another thread only ever writes null into
   * an entry's object, which makes the entry a miss; its block and limit are this thread's own writes, and are used
   * only when the object matches. Plain loops: {@code Arrays.fill} is instrumented, and would record the agent's own
   * arrays as the program's.
   */
  void releaseCachedObjects() {
    for (int i = 0; i < recentObject.length; i++) {
      recentObject[i] = null;
    }
    for (int i = 0; i < cacheObject.length; i++) {
      cacheObject[i] = null;
    }
  }

  void push(int pc, int maxFrames) {
    int d = depth++;
    if (d < maxFrames) {
      if (d == frames.length) {
        int[] grown = new int[Math.min(frames.length * 2, maxFrames)];
        System.arraycopy(frames, 0, grown, 0, d); // not Arrays.copyOf: java.util is instrumented
        frames = grown;
      }
      frames[d] = pc;
    }
  }

  int[] growBackendFrames(int needed) {
    int[] grown = new int[Math.max(needed, backendFrames.length * 2)];
    System.arraycopy(backendFrames, 0, grown, 0, backendDepth);
    backendFrames = grown;
    return grown;
  }

  @Override
  public void fresh(long block, long size) {
    rt.malloc(block, size);
  }

  void pop() {
    if (depth > 0) {
      depth--;
      if (depth < synced) {
        synced = depth;
      }
    }
  }

  /** An exception handler's frame is current again: the frames of the calls the exception left are gone. */
  void unwindTo(int target) {
    if (target >= 0 && target < depth) {
      depth = target;
      if (depth < synced) {
        synced = depth;
      }
    }
  }

  ThreadState(long threadId) {
    this.threadId = threadId;
  }

  /** The objects whose blocks were looked up last, compared by reference (a power of two; kept alive like the cache's). */
  static final int RECENT = 4;

  final Object[] recentObject = new Object[RECENT];
  final long[] recentBlock = new long[RECENT];
  final long[] recentLimit = new long[RECENT];
  int recentNext;
  final Object[] cacheObject = new Object[CACHE];
  final long[] cacheBlock = new long[CACHE];
  final long[] cacheLimit = new long[CACHE];
  final Blocks.Found found = new Blocks.Found();
  /** The two classes (not arrays) of the objects whose blocks were looked up last, and where such objects keep it. */
  Class<?> layoutType;
  long blockOffset;
  Class<?> otherLayoutType;
  long otherBlockOffset;
  /**
   * Where the trackable bytes of the block last found end: its size class, or sooner for an array, at the end of its
   * elements (so the element an access names is in bounds when it is below this).
   */
  long limit;
}
