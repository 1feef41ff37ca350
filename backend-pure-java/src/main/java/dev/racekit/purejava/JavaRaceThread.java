package dev.racekit.purejava;

import dev.racekit.AccessType;
import dev.racekit.RaceThread;
import dev.racekit.spi.Checks;
import java.util.Arrays;

/**
 * A detector thread of the Java backend. All its state is its own (clock, stack, history), so the access path takes
 * no lock: it reads and writes shadow cells with plain memory operations, as ThreadSanitizer does.
 */
final class JavaRaceThread implements RaceThread {
  static final int MAX_STACK = 1 << 20;
  private static final int LIVE = 0;
  private static final int ENDED = 1;
  private static final int CLOSED = 2;

  final JavaBackend backend;
  /** Null once the thread has ended: the slot journal keeps the record for reports, a joiner needs only the clock. */
  ThreadRecord record;
  private final long id;
  final int slot;
  /** Read by the access path without the lifecycle lock; see {@link Slots#floor}. */
  private final long[] slotFloor;
  private long[] clock;
  private long stamp; // slot and epoch bits of this thread's cells
  private long[] stack = new long[16];
  private int depth;
  private int ignoreDepth;
  private long evictions;
  /** The range of the last mapped access: most accesses fall in the same one, and this skips the lookup. */
  private ShadowRange lastRange = Shadow.NONE;
  long unmapped;
  int state = LIVE;

  JavaRaceThread(JavaBackend backend, ThreadRecord record, int slot, long[] clock) {
    this.backend = backend;
    this.record = record;
    this.id = record.id;
    this.slot = slot;
    this.slotFloor = backend.slotFloor();
    this.clock = clock;
    this.stamp = Cell.stamp(slot, clock[slot]);
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public boolean isEnded() {
    return state != LIVE;
  }

  @Override
  public void read(long addr, long pc) {
    access(addr, 1, pc, Cell.READ);
  }

  @Override
  public void write(long addr, long pc) {
    access(addr, 1, pc, 0);
  }

  @Override
  public void read(long addr, int size, long pc) {
    access(addr, size, pc, Cell.READ);
  }

  @Override
  public void write(long addr, int size, long pc) {
    access(addr, size, pc, 0);
  }

  @Override
  public void atomicRead(long addr, int size, long pc) {
    access(addr, size, pc, Cell.READ | Cell.ATOMIC);
  }

  @Override
  public void atomicWrite(long addr, int size, long pc) {
    access(addr, size, pc, Cell.ATOMIC);
  }

  private void access(long addr, int size, long pc, long typeBits) {
    checkLive();
    Checks.sized(addr, size);
    if (ignoreDepth != 0) {
      return;
    }
    ShadowRange r = lastRange;
    long off = addr - r.base;
    if (Long.compareUnsigned(off, r.size) >= 0) {
      r = backend.shadow.find(addr);
      if (r == null) {
        unmapped++;
        return;
      }
      lastRange = r; // ranges live until close, so the cache never goes stale
      off = addr - r.base;
    }
    long[] page = r.page(off);
    int i = ShadowRange.cellIndex(off);
    long cur = Cell.byteMask(addr, size) | typeBits | stamp;
    long c0 = page[i];
    long c1 = page[i + 1];
    if (Cell.alreadyRecorded(c0, c1, cur)) {
      return;
    }
    AccessType type = Cell.type(cur);
    liveRecord().history.access(type, addr, size, pc, stack, depth, clock[slot]);
    checkWord(page, i, addr & ~7L, cur, addr, size, type, pc, true);
  }

  @Override
  public void readRange(long addr, long len, long pc) {
    range(addr, len, pc, AccessType.READ);
  }

  @Override
  public void writeRange(long addr, long len, long pc) {
    range(addr, len, pc, AccessType.WRITE);
  }

  private void range(long addr, long len, long pc, AccessType type) {
    checkLive();
    Checks.range(addr, len);
    if (ignoreDepth != 0 || len == 0) {
      return;
    }
    if (!backend.touchesMapped(addr, len)) {
      unmapped++;
      return;
    }
    liveRecord().history.access(type, addr, len, pc, stack, depth, clock[slot]);
    forEachWord(addr, len, type, pc, true);
  }

  /**
   * Checks (and, when {@code store}, records) every mapped word of {@code [addr, addr + len)}; stops at the first race.
   */
  private void forEachWord(long addr, long len, AccessType type, long pc, boolean store) {
    long last = addr + len - 1; // inclusive, so a range that ends at the top of the address space does not wrap
    long typeBits = Cell.typeBits(type);
    for (ShadowRange r : backend.shadow.ranges()) {
      long lo = Long.compareUnsigned(addr, r.base) > 0 ? addr : r.base;
      long rLast = r.base + r.size - 1;
      long hi = Long.compareUnsigned(last, rLast) < 0 ? last : rLast;
      if (Long.compareUnsigned(lo, hi) > 0) {
        continue;
      }
      long lastWord = hi & ~7L;
      for (long word = lo & ~7L; ; word += 8) {
        long first = Long.compareUnsigned(word, lo) < 0 ? lo : word;
        long end = word == lastWord ? hi : word + 7; // inclusive
        int size = (int) (end - first + 1);
        long off = word - r.base;
        long[] page = store ? r.page(off) : r.pageIfPresent(off);
        if (page == null) { // a check only (free): an untouched page holds no cell; go on at one that may
          long nextOff = r.nextPossiblyPresent(off);
          if (Long.compareUnsigned(nextOff, lastWord - r.base) > 0) {
            break;
          }
          word = r.base + nextOff - 8;
          continue;
        }
        int i = ShadowRange.cellIndex(off);
        long cur = Cell.byteMask(first, size) | typeBits | stamp;
        if (!(store && Cell.alreadyRecorded(page[i], page[i + 1], cur))
            && checkWord(page, i, word, cur, first, size, type, pc, store)) {
          return;
        }
        if (word == lastWord) {
          break;
        }
      }
    }
  }

  /**
   * Compares {@code cur} with the word's cells and reports the first race; otherwise stores it when {@code store}.
   *
   * @return whether a race was found
   */
  private boolean checkWord(
      long[] page, int i, long word, long cur, long addr, int size, AccessType type, long pc, boolean store) {
    long curMask = cur & Cell.MASK;
    boolean curRead = (cur & Cell.READ) != 0;
    boolean curAtomic = (cur & Cell.ATOMIC) != 0;
    int replace = -1;
    int empty = -1;
    for (int k = 0; k < ShadowRange.CELLS_PER_WORD; k++) {
      long c = page[i + k];
      if (c == 0 || Cell.epoch(c) < slotFloor[Cell.slot(c)]) { // below the floor: a forgotten owner's cell
        if (empty < 0) {
          empty = k;
        }
        continue;
      }
      if ((c & curMask) == 0) {
        continue;
      }
      int s = Cell.slot(c);
      if ((c & Cell.FREED) != 0) {
        if (VectorClocks.get(clock, s) < Cell.epoch(c)) {
          backend.report(this, c, word, addr, size, type, pc);
          return true;
        }
        continue;
      }
      if (s == slot) {
        if ((c & Cell.MASK) == curMask && ((c & Cell.ATOMIC) != 0) == curAtomic && ((c & Cell.READ) != 0 || !curRead)
            && replace < 0) {
          replace = k;
        }
        continue;
      }
      boolean cRead = (c & Cell.READ) != 0;
      if ((cRead && curRead) || ((c & Cell.ATOMIC) != 0 && curAtomic)) {
        continue;
      }
      if (VectorClocks.get(clock, s) >= Cell.epoch(c)) {
        continue;
      }
      backend.report(this, c, word, addr, size, type, pc);
      return true;
    }
    if (store) {
      int k = replace >= 0 ? replace : empty >= 0 ? empty : (int) (evictions++ & (ShadowRange.CELLS_PER_WORD - 1));
      page[i + k] = cur;
    }
    return false;
  }

  @Override
  public void funcEnter(long pc) {
    checkLive();
    if (depth == stack.length) {
      if (depth >= MAX_STACK) {
        throw new IllegalStateException("racekit: shadow stack of thread " + id() + " is deeper than " + MAX_STACK
            + " frames; is funcExit missing?");
      }
      stack = Arrays.copyOf(stack, depth * 2);
    }
    liveRecord().history.enter(pc, stack, depth, clock[slot]);
    stack[depth++] = pc;
  }

  @Override
  public void funcExit() {
    checkLive();
    if (depth == 0) {
      throw new IllegalStateException("racekit: funcExit on thread " + id() + " with an empty shadow stack");
    }
    // Recorded before the pop: a history part that starts with this exit must snapshot the frame it pops.
    liveRecord().history.exit(stack, depth, clock[slot]);
    depth--;
  }

  @Override
  public void acquire(long sync) {
    checkLive();
    if (ignoreDepth != 0) {
      return;
    }
    SyncTable.SyncVar v = backend.syncs.get(sync);
    if (v == null) {
      return;
    }
    synchronized (v) {
      clock = VectorClocks.join(clock, v.clock);
    }
  }

  @Override
  public void release(long sync) {
    checkLive();
    if (ignoreDepth != 0) {
      return;
    }
    SyncTable.SyncVar v = backend.syncs.getOrCreate(sync);
    synchronized (v) {
      v.clock = clock.clone();
    }
    incrementEpoch();
  }

  @Override
  public void releaseMerge(long sync) {
    checkLive();
    if (ignoreDepth != 0) {
      return;
    }
    SyncTable.SyncVar v = backend.syncs.getOrCreate(sync);
    synchronized (v) {
      v.clock = VectorClocks.join(v.clock.clone(), clock);
    }
    incrementEpoch();
  }

  @Override
  public void ignoreBegin() {
    checkLive();
    ignoreDepth++;
  }

  @Override
  public void ignoreEnd() {
    checkLive();
    if (ignoreDepth == 0) {
      throw new IllegalStateException("racekit: ignoreEnd on thread " + id() + " without ignoreBegin");
    }
    ignoreDepth--;
  }

  @Override
  public void malloc(long addr, long size) {
    checkLive();
    Checks.range(addr, size);
    backend.resetRange(addr, size);
  }

  @Override
  public void free(long addr, long size, long pc) {
    checkLive();
    Checks.range(addr, size);
    if (size == 0) {
      return;
    }
    if (ignoreDepth != 0) {
      backend.resetRange(addr, size);
      return;
    }
    if (backend.touchesMapped(addr, size)) {
      liveRecord().history.access(AccessType.FREE, addr, size, pc, stack, depth, clock[slot]);
      forEachWord(addr, size, AccessType.FREE, pc, false);
    }
    backend.markFreed(addr, size, Cell.FREED | stamp);
  }

  @Override
  public void end() {
    checkLive();
    backend.endThread(this);
  }

  @Override
  public void join(RaceThread child) {
    checkLive();
    if (!(child instanceof JavaRaceThread c) || c.backend != backend) {
      throw new IllegalArgumentException("racekit: join of a thread from another detector");
    }
    if (c == this) {
      throw new IllegalArgumentException("racekit: thread " + id() + " cannot join itself");
    }
    if (c.state == LIVE) {
      throw new IllegalStateException("racekit: join of thread " + c.id() + ", which has not ended");
    }
    clock = VectorClocks.join(clock, c.clock);
  }

  void incrementEpoch() {
    long e = clock[slot] + 1;
    if (e > Cell.MAX_EPOCH) {
      throw new IllegalStateException("racekit: epoch space of thread " + id() + " is exhausted");
    }
    clock[slot] = e;
    stamp = Cell.stamp(slot, e);
    liveRecord().history.epoch(stack, depth, e);
  }

  void checkLive() {
    if (state != LIVE) {
      throw new IllegalStateException(state == ENDED
          ? "racekit: thread " + id() + " has ended"
          : "racekit: the detector is closed");
    }
  }

  /**
   * The record of a live thread. Under misuse (end() from another Java thread while this one is fed) it can vanish
   * between checkLive() and its use: that is the "thread has ended" exception, not a NullPointerException.
   */
  ThreadRecord liveRecord() {
    ThreadRecord r = record;
    if (r == null) {
      throw new IllegalStateException("racekit: thread " + id() + " has ended");
    }
    return r;
  }

  /**
   * Drops everything but the clock: callers may keep ended threads around to join them (a trace replayer keeps every
   * thread it ever saw), so an ended thread must cost no more than its clock.
   */
  void markEnded() {
    state = ENDED;
    record = null; // the history ring: the bulk of a thread's memory
    lastRange = Shadow.NONE;
    // The shadow stack stays: a call racing with end() from another Java thread may still index it (misuse must
    // end in "thread has ended", not an index error), and it is small.
  }

  void markClosed() {
    state = CLOSED;
  }

  long[] clock() {
    return clock;
  }

  long epoch() {
    return clock[slot];
  }

  /** The current stack with {@code pc} on top, innermost first. */
  long[] stackWith(long pc) {
    return History.innermostFirst(pc, stack, depth);
  }

  @Override
  public String toString() {
    return "RaceThread[" + id() + ", java]";
  }
}
