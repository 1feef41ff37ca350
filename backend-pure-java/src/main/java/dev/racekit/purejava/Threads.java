package dev.racekit.purejava;

import dev.racekit.RaceThread;
import java.util.Arrays;

/**
 * Thread lifecycle, shadow call stack, ignore regions and synchronization (race-native/src/thread.c). Start and end
 * take the detector's lifecycle lock (they are rare); everything else touches only the thread's own state, plus one
 * sync object.
 */
final class Threads {
  static final int MAX_STACK = 1 << 20;
  static final int INITIAL_STACK = 16;
  static final int LIVE = 0;
  static final int ENDED = 1;
  static final int CLOSED = 2;

  private Threads() {}

  /** rk_thread_start: a child of {@code parent}, created at {@code pc}; the parent's epoch moves on. */
  static JavaRaceThread start(JavaBackend d, RaceThread parent, long pc) {
    if (!(parent instanceof JavaRaceThread p) || p.backend != d) {
      throw new IllegalArgumentException("racekit: the parent thread belongs to another detector");
    }
    synchronized (d.lifecycle) {
      checkLive(p);
      JavaRaceThread child = create(d, p.clock, stackWith(p, pc));
      incrementEpoch(p);
      return child;
    }
  }

  /**
   * rk_thread_create: a live thread on a slot chosen for {@code parentClock}, whose clock is a copy of it with the
   * slot's next epoch. Under the lifecycle lock.
   */
  static JavaRaceThread create(JavaBackend d, long[] parentClock, long[] creationStack) {
    int slot = d.slots.allocate(parentClock);
    long start = d.slots.startEpoch(slot);
    long[] clock = Arrays.copyOf(parentClock, Math.max(parentClock.length, slot + 1));
    clock[slot] = start;
    ThreadRecord record = new ThreadRecord(d.nextId++, start, creationStack, new History(d.historySize, start));
    d.slots.attach(slot, record);
    JavaRaceThread t = new JavaRaceThread(d, record, slot, clock);
    d.live.add(t);
    return t;
  }

  /**
   * rk_thread_end: the slot goes back to the free list and the thread drops everything but its clock: callers may
   * keep ended threads around to join them (a trace replayer keeps every thread it ever saw), so an ended thread
   * must cost no more than its clock.
   */
  static void end(JavaRaceThread t) {
    JavaBackend d = t.backend;
    synchronized (d.lifecycle) {
      checkLive(t);
      liveRecord(t).ended = true;
      t.state = ENDED;
      t.record = null; // the history ring: the bulk of a thread's memory
      t.lastRange = Shadow.NONE;
      // The shadow stack stays: a call racing with end() from another Java thread may still index it (misuse must
      // end in "thread has ended", not an index error), and it is small.
      d.live.remove(t);
      d.endedUnmapped.addAndGet(t.unmapped);
      d.slots.release(t.slot, epoch(t));
    }
  }

  /** rk_thread_join: {@code t} is ordered after everything the ended {@code child} did. */
  static void join(JavaRaceThread t, RaceThread child) {
    checkLive(t);
    if (!(child instanceof JavaRaceThread c) || c.backend != t.backend) {
      throw new IllegalArgumentException("racekit: join of a thread from another detector");
    }
    if (c == t) {
      throw new IllegalArgumentException("racekit: thread " + t.id() + " cannot join itself");
    }
    if (c.state == LIVE) {
      throw new IllegalStateException("racekit: join of thread " + c.id() + ", which has not ended");
    }
    t.clock = Clock.join(t.clock, c.clock);
  }

  /** rk_func_enter: pushes {@code pc} on the shadow stack. */
  static void funcEnter(JavaRaceThread t, long pc) {
    checkLive(t);
    int depth = t.depth;
    if (depth == t.stack.length) {
      if (depth >= MAX_STACK) {
        throw new IllegalStateException("racekit: shadow stack of thread " + t.id() + " is deeper than " + MAX_STACK
            + " frames; is funcExit missing?");
      }
      t.stack = Arrays.copyOf(t.stack, depth * 2);
    }
    liveRecord(t).history.enter(pc, t.stack, depth, t.clock[t.slot]);
    t.stack[depth] = pc;
    t.depth = depth + 1;
  }

  /** rk_func_exit: pops the shadow stack. */
  static void funcExit(JavaRaceThread t) {
    checkLive(t);
    if (t.depth == 0) {
      throw new IllegalStateException("racekit: funcExit on thread " + t.id() + " with an empty shadow stack");
    }
    // Recorded before the pop: a history part that starts with this exit must snapshot the frame it pops.
    liveRecord(t).history.exit(t.stack, t.depth, t.clock[t.slot]);
    t.depth--;
  }

  /** rk_acquire: the thread's clock joins what was released into {@code sync}. */
  static void acquire(JavaRaceThread t, long sync) {
    checkLive(t);
    if (t.ignoreDepth != 0) {
      return;
    }
    t.clock = t.backend.syncs.acquire(sync, t.clock);
  }

  /** rk_release / rk_release_merge: stores (or joins) the thread's clock into {@code sync}; then the epoch moves on. */
  static void release(JavaRaceThread t, long sync, boolean merge) {
    checkLive(t);
    if (t.ignoreDepth != 0) {
      return;
    }
    t.backend.syncs.release(sync, t.clock, merge);
    incrementEpoch(t);
  }

  /** rk_ignore_begin. */
  static void ignoreBegin(JavaRaceThread t) {
    checkLive(t);
    t.ignoreDepth++;
  }

  /** rk_ignore_end. */
  static void ignoreEnd(JavaRaceThread t) {
    checkLive(t);
    if (t.ignoreDepth == 0) {
      throw new IllegalStateException("racekit: ignoreEnd on thread " + t.id() + " without ignoreBegin");
    }
    t.ignoreDepth--;
  }

  /** rk_increment_epoch: the thread's next epoch, in its clock, its cell stamp and its history. */
  static void incrementEpoch(JavaRaceThread t) {
    long e = t.clock[t.slot] + 1;
    if (e > Cell.MAX_EPOCH) {
      throw new IllegalStateException("racekit: epoch space of thread " + t.id() + " is exhausted");
    }
    t.clock[t.slot] = e;
    t.stamp = Cell.stamp(t.slot, e);
    liveRecord(t).history.epoch(t.stack, t.depth, e);
  }

  /** rk_not_live: a call on a thread that has ended or whose detector is closed fails. */
  static void checkLive(JavaRaceThread t) {
    if (t.state != LIVE) {
      throw new IllegalStateException(t.state == ENDED
          ? "racekit: thread " + t.id() + " has ended"
          : "racekit: the detector is closed");
    }
  }

  /**
   * The record of a live thread. Under misuse (end() from another Java thread while this one is fed) it can vanish
   * between checkLive() and its use: that is the "thread has ended" exception, not a NullPointerException.
   */
  static ThreadRecord liveRecord(JavaRaceThread t) {
    ThreadRecord r = t.record;
    if (r == null) {
      throw new IllegalStateException("racekit: thread " + t.id() + " has ended");
    }
    return r;
  }

  /** rk_thread_epoch: the thread's own entry of its clock. */
  static long epoch(JavaRaceThread t) {
    return t.clock[t.slot];
  }

  /** The current stack with {@code pc} on top, innermost first. */
  static long[] stackWith(JavaRaceThread t, long pc) {
    return History.innermostFirst(pc, t.stack, t.depth);
  }
}
