package dev.racekit.trace;

import dev.racekit.AccessType;
import dev.racekit.RaceDetector;
import dev.racekit.RaceListener;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import dev.racekit.spi.Checks;

/**
 * A {@link RaceDetector} that detects nothing but checks every event as every backend does: arguments
 * ({@link Checks}), thread lifecycle (no event on an ended thread or a closed detector, join only of an ended thread
 * of this detector), call-stack and ignore balance. What it accepts, any backend accepts. Subclasses observe the
 * events that pass through the {@code on...} hooks of their {@link CheckedThread}s: the record-only detector drops
 * them, an offline analysis feeds them to its algorithm.
 *
 * <p>Events inside an ignore region are checked but not passed to the hooks, except {@code malloc} (fresh memory is
 * fresh whether or not the thread is ignoring). {@code mapShadow} is left to the subclass: what ranges it accepts
 * depends on what it does with them.
 */
public abstract class CheckingDetector implements RaceDetector {
  private static final long MAX_STACK = 1 << 20;

  private final RaceOptions options;
  private CheckedThread main;
  private int threadCount;
  private volatile boolean closed;

  protected CheckingDetector(RaceOptions options) {
    this.options = options;
  }

  /**
   * Creates the thread with id {@code id} (0 for the main thread, then 1, 2, ... in start order), started by
   * {@code parent} (null for the main thread). Called under the detector's lock.
   */
  protected abstract CheckedThread newThread(CheckedThread parent, int id);

  @Override
  public RaceOptions options() {
    return options;
  }

  @Override
  public synchronized RaceThread mainThread() {
    checkOpen();
    if (main == null) {
      main = newThread(null, threadCount++);
    }
    return main;
  }

  @Override
  public synchronized RaceThread startThread(RaceThread parent, long pc) {
    CheckedThread p = own(parent, "parent");
    p.checkLive();
    return newThread(p, threadCount++);
  }

  /** How many threads were created, the main thread included. */
  protected final synchronized int threadCount() {
    return threadCount;
  }

  @Override
  public long unmappedAccessCount() {
    return 0;
  }

  @Override
  public long reportCount() {
    return 0;
  }

  @Override
  public void addListener(RaceListener listener) {}

  @Override
  public void removeListener(RaceListener listener) {}

  @Override
  public void close() {
    closed = true;
  }

  /** Throws the backends' {@link IllegalStateException} once the detector is closed. */
  protected final void checkOpen() {
    if (closed) {
      throw new IllegalStateException("racekit: the detector is closed");
    }
  }

  private CheckedThread own(RaceThread t, String what) {
    if (t instanceof CheckedThread c && c.detector == this) {
      return c;
    }
    throw new IllegalArgumentException("racekit: the " + what + " thread belongs to another detector");
  }

  /** A thread of a {@link CheckingDetector}: checks each event, then hands it to a hook (by default, drops it). */
  public abstract static class CheckedThread implements RaceThread {
    private final CheckingDetector detector;
    private final int id;
    private boolean ended;
    private long depth;
    private int ignoring;

    protected CheckedThread(CheckingDetector detector, int id) {
      this.detector = detector;
      this.id = id;
    }

    /** The id as an int (ids are created in order and fit). */
    public final int index() {
      return id;
    }

    /** Throws the backends' {@link IllegalStateException} once the thread has ended or the detector is closed. */
    protected final void checkLive() {
      detector.checkOpen();
      if (ended) {
        throw new IllegalStateException("racekit: thread " + id + " has ended");
      }
    }

    /** A sized access (read, write, atomic read or atomic write) that passed the checks, outside ignore regions. */
    protected void onAccess(long addr, int size, AccessType type, long pc) {}

    /** A range read or write that passed the checks, outside ignore regions. */
    protected void onRange(long addr, long len, boolean write, long pc) {}

    /** An acquire, outside ignore regions. */
    protected void onAcquire(long sync) {}

    /** A release, outside ignore regions. */
    protected void onRelease(long sync) {}

    /** A release-merge, outside ignore regions. */
    protected void onReleaseMerge(long sync) {}

    /** A malloc that passed the checks, also inside ignore regions. */
    protected void onMalloc(long addr, long size) {}

    /** A free that passed the checks, outside ignore regions. */
    protected void onFree(long addr, long size, long pc) {}

    /** A join of {@code child}, which has ended. */
    protected void onJoin(CheckedThread child) {}

    @Override
    public final long id() {
      return id;
    }

    @Override
    public final boolean isEnded() {
      return ended || detector.closed;
    }

    @Override
    public final void read(long addr, long pc) {
      read(addr, 1, pc);
    }

    @Override
    public final void write(long addr, long pc) {
      write(addr, 1, pc);
    }

    @Override
    public final void read(long addr, int size, long pc) {
      sized(addr, size, AccessType.READ, pc);
    }

    @Override
    public final void write(long addr, int size, long pc) {
      sized(addr, size, AccessType.WRITE, pc);
    }

    @Override
    public final void atomicRead(long addr, int size, long pc) {
      sized(addr, size, AccessType.ATOMIC_READ, pc);
    }

    @Override
    public final void atomicWrite(long addr, int size, long pc) {
      sized(addr, size, AccessType.ATOMIC_WRITE, pc);
    }

    private void sized(long addr, int size, AccessType type, long pc) {
      checkLive();
      Checks.sized(addr, size);
      if (ignoring == 0) {
        onAccess(addr, size, type, pc);
      }
    }

    @Override
    public final void readRange(long addr, long len, long pc) {
      range(addr, len, false, pc);
    }

    @Override
    public final void writeRange(long addr, long len, long pc) {
      range(addr, len, true, pc);
    }

    private void range(long addr, long len, boolean write, long pc) {
      checkLive();
      Checks.range(addr, len);
      if (ignoring == 0) {
        onRange(addr, len, write, pc);
      }
    }

    @Override
    public final void funcEnter(long pc) {
      checkLive();
      if (depth >= MAX_STACK) {
        throw new IllegalStateException("racekit: shadow stack of thread " + id + " is deeper than " + MAX_STACK
            + " frames");
      }
      depth++;
    }

    @Override
    public final void funcExit() {
      checkLive();
      if (depth == 0) {
        throw new IllegalStateException("racekit: funcExit on thread " + id + " with an empty shadow stack");
      }
      depth--;
    }

    @Override
    public final void acquire(long sync) {
      checkLive();
      if (ignoring == 0) {
        onAcquire(sync);
      }
    }

    @Override
    public final void release(long sync) {
      checkLive();
      if (ignoring == 0) {
        onRelease(sync);
      }
    }

    @Override
    public final void releaseMerge(long sync) {
      checkLive();
      if (ignoring == 0) {
        onReleaseMerge(sync);
      }
    }

    @Override
    public final void ignoreBegin() {
      checkLive();
      ignoring++;
    }

    @Override
    public final void ignoreEnd() {
      checkLive();
      if (ignoring == 0) {
        throw new IllegalStateException("racekit: ignoreEnd on thread " + id + " without ignoreBegin");
      }
      ignoring--;
    }

    @Override
    public final void malloc(long addr, long size) {
      checkLive();
      Checks.range(addr, size);
      onMalloc(addr, size);
    }

    @Override
    public final void free(long addr, long size, long pc) {
      checkLive();
      Checks.range(addr, size);
      if (ignoring == 0) {
        onFree(addr, size, pc);
      }
    }

    @Override
    public final void end() {
      synchronized (detector) {
        checkLive();
        ended = true;
      }
    }

    @Override
    public final void join(RaceThread child) {
      checkLive();
      CheckedThread c = detector.own(child, "joined");
      if (c == this) {
        throw new IllegalArgumentException("racekit: thread " + id + " cannot join itself");
      }
      synchronized (detector) {
        if (!c.ended) {
          throw new IllegalStateException("racekit: join of thread " + c.id + ", which has not ended");
        }
      }
      onJoin(c);
    }

    @Override
    public String toString() {
      return "RaceThread[" + id + ", " + detector.backendName() + "]";
    }
  }
}
