package dev.racekit.purejava;

import dev.racekit.AccessType;
import dev.racekit.RaceThread;

/**
 * A detector thread of the Java backend: the thread's state (struct rk_thread in race-native/src/rk_internal.h) and
 * the {@link RaceThread} API, each call handed to the part that owns it: {@link Access} for memory, {@link Threads}
 * for the stack, ignore regions, synchronization and the lifecycle. All the state is the thread's own, so the access
 * path takes no lock: it reads and writes shadow cells with plain memory operations, as ThreadSanitizer does.
 */
final class JavaRaceThread implements RaceThread {
  final JavaBackend backend;
  /** Null once the thread has ended: the slot journal keeps the record for reports, a joiner needs only the clock. */
  ThreadRecord record;
  private final long id;
  final int slot;
  /** Read by the access path without the lifecycle lock; see {@link Slots#floor}. */
  final long[] slotFloor;
  long[] clock;
  long stamp; // slot and epoch bits of this thread's cells
  long[] stack = new long[Threads.INITIAL_STACK]; // shadow call stack, outermost first
  int depth;
  int ignoreDepth;
  long evictions; // picks the cell to replace when a word is full
  /** The range of the last mapped access: most accesses fall in the same one, and this skips the lookup. */
  ShadowRange lastRange = Shadow.NONE;
  long unmapped;
  int state = Threads.LIVE;

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
    return state != Threads.LIVE;
  }

  @Override
  public void read(long addr, long pc) {
    Access.access(this, addr, 1, pc, Cell.READ);
  }

  @Override
  public void write(long addr, long pc) {
    Access.access(this, addr, 1, pc, 0);
  }

  @Override
  public void read(long addr, int size, long pc) {
    Access.access(this, addr, size, pc, Cell.READ);
  }

  @Override
  public void write(long addr, int size, long pc) {
    Access.access(this, addr, size, pc, 0);
  }

  @Override
  public void atomicRead(long addr, int size, long pc) {
    Access.access(this, addr, size, pc, Cell.READ | Cell.ATOMIC);
  }

  @Override
  public void atomicWrite(long addr, int size, long pc) {
    Access.access(this, addr, size, pc, Cell.ATOMIC);
  }

  @Override
  public void readRange(long addr, long len, long pc) {
    Access.accessRange(this, addr, len, pc, AccessType.READ);
  }

  @Override
  public void writeRange(long addr, long len, long pc) {
    Access.accessRange(this, addr, len, pc, AccessType.WRITE);
  }

  @Override
  public void malloc(long addr, long size) {
    Access.malloc(this, addr, size);
  }

  @Override
  public void free(long addr, long size, long pc) {
    Access.free(this, addr, size, pc);
  }

  @Override
  public void funcEnter(long pc) {
    Threads.funcEnter(this, pc);
  }

  @Override
  public void funcExit() {
    Threads.funcExit(this);
  }

  @Override
  public void acquire(long sync) {
    Threads.acquire(this, sync);
  }

  @Override
  public void release(long sync) {
    Threads.release(this, sync, false);
  }

  @Override
  public void releaseMerge(long sync) {
    Threads.release(this, sync, true);
  }

  @Override
  public void ignoreBegin() {
    Threads.ignoreBegin(this);
  }

  @Override
  public void ignoreEnd() {
    Threads.ignoreEnd(this);
  }

  @Override
  public void end() {
    Threads.end(this);
  }

  @Override
  public void join(RaceThread child) {
    Threads.join(this, child);
  }

  @Override
  public String toString() {
    return "RaceThread[" + id() + ", java]";
  }
}
