package dev.racekit.agent.rt;

/**
 * Every live thread's {@link ThreadState}, by thread id: the thread-local that hands it out is only a cache. Some
 * threads have their thread-locals erased while they run (the common {@code ForkJoinPool}'s workers, after each
 * top-level task); the next lookup must return the same state, or a method that fetched the state before the
 * erasure and the code it calls after would hold two, and the re-entry guard of one would not stop the other.
 * Uses no java.util class (those are instrumented, and this runs inside {@code ThreadLocal.get}).
 */
final class ThreadStates {
  private static final Object LOCK = new Object();
  private static ThreadState[] buckets = new ThreadState[256];
  private static int count;

  private ThreadStates() {}

  /** The state of thread {@code id}, made on first use. */
  static ThreadState of(long id) {
    synchronized (LOCK) {
      for (ThreadState s = buckets[index(id, buckets.length)]; s != null; s = s.nextInBucket) {
        if (s.threadId == id) {
          return s;
        }
      }
      if (count >= buckets.length * 2) {
        grow();
      }
      ThreadState s = new ThreadState(id);
      int i = index(id, buckets.length);
      s.nextInBucket = buckets[i];
      buckets[i] = s;
      count++;
      return s;
    }
  }

  /** Forgets thread {@code id}'s state (the thread has ended). */
  static void remove(long id) {
    synchronized (LOCK) {
      int i = index(id, buckets.length);
      ThreadState prev = null;
      for (ThreadState s = buckets[i]; s != null; prev = s, s = s.nextInBucket) {
        if (s.threadId == id) {
          if (prev == null) {
            buckets[i] = s.nextInBucket;
          } else {
            prev.nextInBucket = s.nextInBucket;
          }
          count--;
          return;
        }
      }
    }
  }

  /** Calls {@code action} on every live thread's state, under the lock (no state is made or forgotten meanwhile). */
  static void forEach(java.util.function.Consumer<ThreadState> action) {
    synchronized (LOCK) {
      for (ThreadState head : buckets) {
        for (ThreadState s = head; s != null; s = s.nextInBucket) {
          action.accept(s);
        }
      }
    }
  }

  /** Threads with a state; for tests. */
  static int size() {
    synchronized (LOCK) {
      return count;
    }
  }

  private static void grow() {
    ThreadState[] grown = new ThreadState[buckets.length * 2];
    for (ThreadState head : buckets) {
      for (ThreadState s = head; s != null; ) {
        ThreadState next = s.nextInBucket;
        int i = index(s.threadId, grown.length);
        s.nextInBucket = grown[i];
        grown[i] = s;
        s = next;
      }
    }
    buckets = grown;
  }

  private static int index(long id, int length) {
    long h = id * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & (length - 1);
  }
}
