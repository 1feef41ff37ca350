package dev.racekit.agent.rt;

import dev.racekit.RaceThread;

/**
 * Per Java thread (platform or virtual), public only because instrumented methods hold it in a local: its detector thread, the re-entry guard, the shadow stack depth, the
 * class-initialisation ignore depth, and a cache of recent objects' blocks. The constructor must use no
 * instrumented class (it runs inside {@code ThreadLocal.get}).
 */
public final class ThreadState {
  /** Recent objects' blocks, direct-mapped by identity hash (a power of two; the entries keep their objects alive). */
  static final int CACHE = 32;

  RaceThread rt;
  /** Set while the runtime handles an event (and forever once the thread has ended): events are dropped. */
  boolean guard;
  boolean dead;
  /** Call depth as the instrumented code sees it; frames beyond {@link Rt#MAX_FRAMES} are counted, not pushed. */
  int depth;
  /** Nesting of class initialisers: accesses are not recorded while positive. */
  int ignore;
  /** The call-site pc of a {@code start()} call in progress, or 0. */
  long startPc;

  final Object[] cacheObject = new Object[CACHE];
  final long[] cacheBlock = new long[CACHE];
  final int[] cacheShift = new int[CACHE];
  final Blocks.Found found = new Blocks.Found();
}
