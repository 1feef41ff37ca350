package dev.racekit.trace;

import dev.racekit.RaceDetector;
import dev.racekit.RaceListener;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import dev.racekit.spi.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * A detector that detects nothing but checks what every backend checks (arguments, thread lifecycle, call-stack
 * and ignore balance, mapped ranges), so that a record-only trace replays without errors on any backend.
 */
final class NoopDetector implements RaceDetector {
  static final String NAME = "record-only";
  private static final long MAX_RANGE_SIZE = 64L << 30;
  private static final int MAX_RANGES = 64;

  private final RaceOptions options;
  private final List<long[]> ranges = new ArrayList<>();
  private final NoopThread main;
  private long nextId;
  private volatile boolean closed;

  NoopDetector(RaceOptions options) {
    this.options = options;
    this.main = new NoopThread(nextId++);
  }

  @Override
  public String backendName() {
    return NAME;
  }

  @Override
  public RaceOptions options() {
    return options;
  }

  @Override
  public RaceThread mainThread() {
    checkOpen();
    return main;
  }

  @Override
  public synchronized RaceThread startThread(RaceThread parent, long pc) {
    if (!(parent instanceof NoopThread p) || p.owner() != this) {
      throw new IllegalArgumentException("racekit: the parent thread belongs to another detector");
    }
    p.checkLive();
    return new NoopThread(nextId++);
  }

  @Override
  public synchronized void mapShadow(long base, long size) {
    checkOpen();
    if ((base & 7) != 0 || (size & 7) != 0 || size <= 0 || size > MAX_RANGE_SIZE
        || Long.compareUnsigned(base + size - 1, base) < 0) {
      throw new IllegalArgumentException("mapShadow(0x" + Long.toHexString(base) + ", " + size
          + "): base and size must be multiples of 8, size in 8..64 GiB, and the range must not wrap");
    }
    if (ranges.size() >= MAX_RANGES) {
      throw new IllegalArgumentException("mapShadow: at most " + MAX_RANGES + " ranges can be mapped");
    }
    for (long[] r : ranges) {
      if (!(Long.compareUnsigned(base + size - 1, r[0]) < 0 || Long.compareUnsigned(r[0] + r[1] - 1, base) < 0)) {
        throw new IllegalArgumentException("mapShadow(0x" + Long.toHexString(base) + ", " + size
            + ") overlaps the mapped range at 0x" + Long.toHexString(r[0]) + " of " + r[1] + " bytes");
      }
    }
    ranges.add(new long[] {base, size});
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

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("racekit: the detector is closed");
    }
  }

  private final class NoopThread implements RaceThread {
    private final long id;
    private boolean ended;
    private int depth;
    private int ignoreDepth;

    NoopThread(long id) {
      this.id = id;
    }

    NoopDetector owner() {
      return NoopDetector.this;
    }

    void checkLive() {
      checkOpen();
      if (ended) {
        throw new IllegalStateException("racekit: thread " + id + " has ended");
      }
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public boolean isEnded() {
      return ended || closed;
    }

    @Override
    public void read(long addr, long pc) {
      checkLive();
    }

    @Override
    public void write(long addr, long pc) {
      checkLive();
    }

    @Override
    public void read(long addr, int size, long pc) {
      checkLive();
      Checks.sized(addr, size);
    }

    @Override
    public void write(long addr, int size, long pc) {
      checkLive();
      Checks.sized(addr, size);
    }

    @Override
    public void atomicRead(long addr, int size, long pc) {
      checkLive();
      Checks.sized(addr, size);
    }

    @Override
    public void atomicWrite(long addr, int size, long pc) {
      checkLive();
      Checks.sized(addr, size);
    }

    @Override
    public void readRange(long addr, long len, long pc) {
      checkLive();
      Checks.range(addr, len);
    }

    @Override
    public void writeRange(long addr, long len, long pc) {
      checkLive();
      Checks.range(addr, len);
    }

    @Override
    public void funcEnter(long pc) {
      checkLive();
      if (depth >= 1 << 20) {
        throw new IllegalStateException("racekit: shadow stack of thread " + id + " is deeper than 1048576 frames");
      }
      depth++;
    }

    @Override
    public void funcExit() {
      checkLive();
      if (depth == 0) {
        throw new IllegalStateException("racekit: funcExit on thread " + id + " with an empty shadow stack");
      }
      depth--;
    }

    @Override
    public void acquire(long sync) {
      checkLive();
    }

    @Override
    public void release(long sync) {
      checkLive();
    }

    @Override
    public void releaseMerge(long sync) {
      checkLive();
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
        throw new IllegalStateException("racekit: ignoreEnd on thread " + id + " without ignoreBegin");
      }
      ignoreDepth--;
    }

    @Override
    public void malloc(long addr, long size) {
      checkLive();
      Checks.range(addr, size);
    }

    @Override
    public void free(long addr, long size, long pc) {
      checkLive();
      Checks.range(addr, size);
    }

    @Override
    public void end() {
      synchronized (NoopDetector.this) {
        checkLive();
        ended = true;
      }
    }

    @Override
    public void join(RaceThread child) {
      checkLive();
      if (!(child instanceof NoopThread c) || c.owner() != NoopDetector.this) {
        throw new IllegalArgumentException("racekit: join of a thread from another detector");
      }
      if (c == this) {
        throw new IllegalArgumentException("racekit: thread " + id + " cannot join itself");
      }
      synchronized (NoopDetector.this) {
        if (!c.ended) {
          throw new IllegalStateException("racekit: join of thread " + c.id + ", which has not ended");
        }
      }
    }

    @Override
    public String toString() {
      return "RaceThread[" + id + ", " + NAME + "]";
    }
  }
}
