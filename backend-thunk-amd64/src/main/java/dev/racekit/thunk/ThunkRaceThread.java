package dev.racekit.thunk;

import dev.racekit.nativelib.NativeRaceThread;
import dev.racekit.spi.Checks;

/**
 * A detector thread of the thunk backend. A sized access makes every check of the sized path once, here: the thread
 * handle is live, the size is valid, the thread is not ignoring, the address lies in a mapped range (unmapped: counted
 * here), and the access is not already recorded (the core's first check, made on the native shadow). Only then one
 * FFM critical downcall goes into an amd64 thunk, which passes the range's index straight to the core: neither filters
 * nor looks the address up again (README, "Where each check is made"). Reports are never delivered inside the
 * downcall: the thunk returns {@code RK_REPORTED} and this thread drains the queue afterwards.
 */
final class ThunkRaceThread extends NativeRaceThread<ThunkBackend> {
  /** Mirrors the core's ignore depth, so the Java-side checks count exactly as the core would. */
  private int ignoreDepth;
  // The range of the last mapped access, in fields of this object: most accesses fall in the same range, and this
  // skips the lookup and a load of the range object. A range stays mapped until the detector is freed.
  private long lastBase;
  private long lastSize;
  private long lastCells;
  private long lastIndex = -1;

  ThunkRaceThread(ThunkBackend backend, long pointer, long id) {
    super(backend, pointer, id);
  }

  /** What {@link #rangeToCall} returns when the access needs no call. */
  private static final long NO_CALL = -1;

  /**
   * The index of the mapped range that holds {@code addr}, for the thunk to pass to the core, or {@link #NO_CALL}
   * when the sized access needs no call: the thread is ignoring, the address is unmapped (counted here), or the access
   * is already recorded. The last is the core's own first check, made on the native shadow cells and the thread's
   * stamp read in place, so a hot access costs no downcall at all. Arguments and liveness were checked. The range is
   * read once, so the index always belongs to the range the address was found in.
   */
  private long rangeToCall(long thread, long addr, int size, long typeBits) {
    if (ignoreDepth != 0) {
      return NO_CALL; // the core would ignore it without counting
    }
    long off = addr - lastBase;
    if (Long.compareUnsigned(off, lastSize) >= 0) {
      int i = backend.mapped.find(addr); // outside the bounding box: the common unmapped case costs one compare
      if (i < 0) {
        unmapped++;
        return NO_CALL;
      }
      ThunkBackend.NativeRange r = backend.range(i);
      lastBase = r.base();
      lastSize = r.size();
      lastCells = r.cells();
      lastIndex = r.index();
      off = addr - lastBase;
    }
    long cells = lastCells + (off >>> 3) * (8 * ThunkBindings.CELLS_PER_WORD);
    long cur = (((1L << size) - 1) << (addr & 7)) | typeBits
        | (long) ThunkLibrary.NATIVE_LONG.get(ThunkLibrary.NATIVE, thread + ThunkBindings.STAMP_OFFSET);
    long c0 = (long) ThunkLibrary.NATIVE_LONG.get(ThunkLibrary.NATIVE, cells);
    long c1 = (long) ThunkLibrary.NATIVE_LONG.get(ThunkLibrary.NATIVE, cells + 8);
    boolean recorded = c0 == cur || c1 == cur
        || ((cur & ThunkBindings.CELL_READ) != 0 && (c0 == (cur ^ ThunkBindings.CELL_READ)
            || c1 == (cur ^ ThunkBindings.CELL_READ)));
    return recorded ? NO_CALL : lastIndex;
  }

  @Override
  public void read(long addr, long pc) {
    read(addr, 1, pc);
  }

  @Override
  public void write(long addr, long pc) {
    write(addr, 1, pc);
  }

  @Override
  public void read(long addr, int size, long pc) {
    long t = pointer();
    Checks.sized(addr, size);
    long range = rangeToCall(t, addr, size, ThunkBindings.CELL_READ);
    if (range == NO_CALL) {
      return;
    }
    int rc;
    try {
      rc = (int) ThunkLibrary.READ.invokeExact(t, addr, (long) size, pc, range);
    } catch (Throwable e) {
      throw ThunkLibrary.unchecked(e);
    }
    done(rc, "rk_read");
  }

  @Override
  public void write(long addr, int size, long pc) {
    long t = pointer();
    Checks.sized(addr, size);
    long range = rangeToCall(t, addr, size, 0);
    if (range == NO_CALL) {
      return;
    }
    int rc;
    try {
      rc = (int) ThunkLibrary.WRITE.invokeExact(t, addr, (long) size, pc, range);
    } catch (Throwable e) {
      throw ThunkLibrary.unchecked(e);
    }
    done(rc, "rk_write");
  }

  @Override
  public void atomicRead(long addr, int size, long pc) {
    long t = pointer();
    Checks.sized(addr, size);
    long range = rangeToCall(t, addr, size, ThunkBindings.CELL_READ | ThunkBindings.CELL_ATOMIC);
    if (range == NO_CALL) {
      return;
    }
    int rc;
    try {
      rc = (int) ThunkLibrary.ATOMIC_READ.invokeExact(t, addr, (long) size, pc, range);
    } catch (Throwable e) {
      throw ThunkLibrary.unchecked(e);
    }
    done(rc, "rk_access");
  }

  @Override
  public void atomicWrite(long addr, int size, long pc) {
    long t = pointer();
    Checks.sized(addr, size);
    long range = rangeToCall(t, addr, size, ThunkBindings.CELL_ATOMIC);
    if (range == NO_CALL) {
      return;
    }
    int rc;
    try {
      rc = (int) ThunkLibrary.ATOMIC_WRITE.invokeExact(t, addr, (long) size, pc, range);
    } catch (Throwable e) {
      throw ThunkLibrary.unchecked(e);
    }
    done(rc, "rk_access");
  }

  @Override
  public void readRange(long addr, long len, long pc) {
    long t = pointer();
    Checks.range(addr, len);
    int rc;
    try {
      rc = (int) ThunkLibrary.READ_RANGE.invokeExact(t, addr, len, pc);
    } catch (Throwable e) {
      throw ThunkLibrary.unchecked(e);
    }
    done(rc, "rk_access_range");
  }

  @Override
  public void writeRange(long addr, long len, long pc) {
    long t = pointer();
    Checks.range(addr, len);
    int rc;
    try {
      rc = (int) ThunkLibrary.WRITE_RANGE.invokeExact(t, addr, len, pc);
    } catch (Throwable e) {
      throw ThunkLibrary.unchecked(e);
    }
    done(rc, "rk_access_range");
  }

  @Override
  public void funcEnter(long pc) {
    long t = pointer();
    int rc;
    try {
      rc = (int) ThunkLibrary.FUNC_ENTER.invokeExact(t, pc);
    } catch (Throwable e) {
      throw ThunkLibrary.unchecked(e);
    }
    done(rc, "rk_func_enter");
  }

  @Override
  public void funcExit() {
    long t = pointer();
    int rc;
    try {
      rc = (int) ThunkLibrary.FUNC_EXIT.invokeExact(t);
    } catch (Throwable e) {
      throw ThunkLibrary.unchecked(e);
    }
    done(rc, "rk_func_exit");
  }

  // acquire, release and releaseMerge each call their own static final handle: a handle passed as an argument is
  // not a constant to the JIT, and its invokeExact runs the generic invoker (type checks, customization) per call.
  @Override
  public void acquire(long sync) {
    long t = pointer();
    int rc;
    try {
      rc = (int) ThunkLibrary.ACQUIRE.invokeExact(t, sync);
    } catch (Throwable e) {
      throw ThunkLibrary.unchecked(e);
    }
    done(rc, "rk_acquire");
  }

  @Override
  public void release(long sync) {
    long t = pointer();
    int rc;
    try {
      rc = (int) ThunkLibrary.RELEASE.invokeExact(t, sync);
    } catch (Throwable e) {
      throw ThunkLibrary.unchecked(e);
    }
    done(rc, "rk_release");
  }

  @Override
  public void releaseMerge(long sync) {
    long t = pointer();
    int rc;
    try {
      rc = (int) ThunkLibrary.RELEASE_MERGE.invokeExact(t, sync);
    } catch (Throwable e) {
      throw ThunkLibrary.unchecked(e);
    }
    done(rc, "rk_release_merge");
  }

  @Override
  public void ignoreBegin() {
    long t = pointer();
    int rc;
    try {
      rc = (int) ThunkLibrary.IGNORE_BEGIN.invokeExact(t);
    } catch (Throwable e) {
      throw ThunkLibrary.unchecked(e);
    }
    done(rc, "rk_ignore_begin");
    ignoreDepth++;
  }

  @Override
  public void ignoreEnd() {
    long t = pointer();
    int rc;
    try {
      rc = (int) ThunkLibrary.IGNORE_END.invokeExact(t);
    } catch (Throwable e) {
      throw ThunkLibrary.unchecked(e);
    }
    done(rc, "rk_ignore_end");
    ignoreDepth--;
  }

  @Override
  public void malloc(long addr, long size) {
    long t = pointer();
    Checks.range(addr, size);
    done((int) ThunkLibrary.call(ThunkBindings.CALL_MALLOC, t, addr, size, 0), "rk_malloc");
  }

  @Override
  public void free(long addr, long size, long pc) {
    long t = pointer();
    Checks.range(addr, size);
    done((int) ThunkLibrary.call(ThunkBindings.CALL_FREE, t, addr, size, pc), "rk_free");
  }

  @Override
  public String toString() {
    return "RaceThread[" + id() + ", thunk]";
  }
}
