package dev.racekit.agent.rt;

import dev.racekit.RaceThread;

/**
 * Per Java thread (platform or virtual): its detector thread, the re-entry guard, the shadow stack depth, the
 * class-initialisation ignore depth, and a small cache of recent object blocks. The constructor must use no
 * instrumented class (it runs inside {@code ThreadLocal.get}).
 */
final class ThreadState {
  static final int CACHE = 4;

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
  int cacheNext;
  final Blocks.Found found = new Blocks.Found();
}
