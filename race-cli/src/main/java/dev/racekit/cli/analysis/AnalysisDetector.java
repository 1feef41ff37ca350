package dev.racekit.cli.analysis;

import dev.racekit.RaceDetector;
import dev.racekit.RaceListener;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import java.util.Arrays;

/**
 * A {@link RaceDetector} that feeds an offline {@link Analysis}, so that both trace replayers (STD and binary, live
 * recordings included) drive the analyses through the calls they already make.
 *
 * <p>Variables are 8-byte words: an access of 1 to 8 bytes, or every word a range access or a free overlaps, is an
 * access of its word (two threads writing different bytes of one word count as a conflict, where the online detector
 * is byte-precise). Accesses outside the ranges registered with {@link #mapShadow} are ignored and counted, as by the
 * online detector. Sync objects are numbered by address. Atomic accesses race only with plain ones (their ordering
 * is what the tool reports with acquire and release), function entry and exit only keep the stack balanced, a malloc drops the history of the words it covers, and a free writes every word it covers
 * that was accessed before. Accesses and synchronization inside an ignore region are skipped.
 */
public final class AnalysisDetector implements RaceDetector {
  private static final long MAX_STACK = 1 << 20;
  private static final int DENSE_MAX = 1 << 22;

  private final Analysis analysis;
  private final RaceOptions options;
  private final LongIntMap vars = new LongIntMap();
  private final LongIntMap syncs = new LongIntMap();
  private long[] varWords = new long[1024];
  private long[] rangeBases = new long[8];
  private long[] rangeSizes = new long[8];
  private int rangeCount;
  private long lastBase;
  private long lastSize; // the last range an access fell in (0: none yet)
  private long unmapped;
  /** Words from {@code denseBase} on, up to {@link #DENSE_MAX} of them: variable id + 1, 0 for none yet. */
  private long denseBase = -1;
  private int[] dense = new int[0];
  private Thread[] threads = new Thread[16];
  private int threadCount;
  private boolean closed;

  public AnalysisDetector(Analysis analysis, RaceOptions options) {
    this.analysis = analysis;
    this.options = options;
    threads[threadCount++] = new Thread(0);
  }

  /** The analysis this detector feeds. */
  public Analysis analysis() {
    return analysis;
  }

  /** The address of variable {@code var} (the first byte of its word). */
  public long variableAddress(int var) {
    return varWords[var] << 3;
  }

  /** The variables seen so far. */
  public int variableCount() {
    return vars.size();
  }

  @Override
  public String backendName() {
    return "analysis " + analysis.name();
  }

  @Override
  public RaceOptions options() {
    return options;
  }

  @Override
  public RaceThread mainThread() {
    checkOpen();
    return threads[0];
  }

  @Override
  public RaceThread startThread(RaceThread parent, long pc) {
    Thread p = own(parent, "parent");
    p.checkLive();
    if (threadCount == threads.length) {
      threads = Arrays.copyOf(threads, threadCount * 2);
    }
    Thread child = new Thread(threadCount);
    threads[threadCount++] = child;
    analysis.fork(p.id, child.id);
    return child;
  }

  @Override
  public void mapShadow(long base, long size) {
    checkOpen();
    if (size <= 0 || Long.compareUnsigned(base + size - 1, base) < 0) {
      throw new IllegalArgumentException("mapShadow(0x" + Long.toHexString(base) + ", " + size
          + "): the size must be positive and the range must not wrap");
    }
    if (rangeCount == rangeBases.length) {
      rangeBases = Arrays.copyOf(rangeBases, rangeCount * 2);
      rangeSizes = Arrays.copyOf(rangeSizes, rangeCount * 2);
    }
    rangeBases[rangeCount] = base;
    rangeSizes[rangeCount] = size;
    rangeCount++;
  }

  @Override
  public long unmappedAccessCount() {
    return unmapped;
  }

  /**
   * Whether {@code addr} lies in a range registered with {@link #mapShadow}: like the online detector, the analyses
   * ignore (and count) the other accesses, so both look at the same memory.
   */
  private boolean mapped(long addr) {
    if (Long.compareUnsigned(addr - lastBase, lastSize) < 0) {
      return true;
    }
    for (int i = 0; i < rangeCount; i++) {
      if (Long.compareUnsigned(addr - rangeBases[i], rangeSizes[i]) < 0) {
        lastBase = rangeBases[i];
        lastSize = rangeSizes[i];
        return true;
      }
    }
    unmapped++;
    return false;
  }

  @Override
  public long reportCount() {
    return analysis.racyEvents();
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

  private Thread own(RaceThread t, String what) {
    if (!(t instanceof Thread th) || th.owner() != this) {
      throw new IllegalArgumentException("racekit: the " + what + " thread belongs to another detector");
    }
    return th;
  }

  private int var(long addr) {
    long word = addr >>> 3;
    // most traces keep their variables in one dense range (STD's are consecutive words): a direct table there
    long d = word - denseBase;
    if (d >= 0 && d < dense.length) {
      int v = dense[(int) d] - 1;
      if (v >= 0) {
        return v;
      }
      v = internWord(word);
      dense[(int) d] = v + 1;
      return v;
    }
    if (denseBase == -1) {
      denseBase = word;
      dense = new int[1024];
      return var(addr);
    }
    if (d >= 0 && d < DENSE_MAX) {
      dense = Arrays.copyOf(dense, (int) Math.min(DENSE_MAX, Math.max(d + 1, 2L * dense.length)));
      return var(addr);
    }
    return internWord(word);
  }

  private int internWord(long word) {
    int before = vars.size();
    int v = vars.intern(word);
    if (v == before) {
      if (v == varWords.length) {
        varWords = Arrays.copyOf(varWords, v * 2);
      }
      varWords[v] = word;
    }
    return v;
  }

  private final class Thread implements RaceThread {
    private final int id;
    private boolean ended;
    private long depth;
    private int ignoring;

    Thread(int id) {
      this.id = id;
    }

    AnalysisDetector owner() {
      return AnalysisDetector.this;
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
      read(addr, 1, pc);
    }

    @Override
    public void write(long addr, long pc) {
      write(addr, 1, pc);
    }

    @Override
    public void read(long addr, int size, long pc) {
      sized(addr, size);
      if (ignoring == 0 && mapped(addr)) {
        analysis.access(id, var(addr), false, pc);
      }
    }

    @Override
    public void write(long addr, int size, long pc) {
      sized(addr, size);
      if (ignoring == 0 && mapped(addr)) {
        analysis.access(id, var(addr), true, pc);
      }
    }

    @Override
    public void atomicRead(long addr, int size, long pc) {
      sized(addr, size);
      if (ignoring == 0 && mapped(addr)) {
        analysis.access(id, var(addr), Analysis.ATOMIC_READ, pc);
      }
    }

    @Override
    public void atomicWrite(long addr, int size, long pc) {
      sized(addr, size);
      if (ignoring == 0 && mapped(addr)) {
        analysis.access(id, var(addr), Analysis.ATOMIC_WRITE, pc);
      }
    }

    private void sized(long addr, int size) {
      checkLive();
      if ((size != 1 && size != 2 && size != 4 && size != 8) || ((addr & 7) + size) > 8) {
        throw new IllegalArgumentException("racekit: an access of " + size + " bytes at 0x" + Long.toHexString(addr)
            + " (the size must be 1, 2, 4 or 8 and the access inside one 8-byte word)");
      }
    }

    @Override
    public void readRange(long addr, long len, long pc) {
      range(addr, len, false, pc);
    }

    @Override
    public void writeRange(long addr, long len, long pc) {
      range(addr, len, true, pc);
    }

    private void range(long addr, long len, boolean write, long pc) {
      checkLive();
      checkRange(addr, len);
      if (ignoring != 0 || len == 0) {
        return;
      }
      for (long w = addr >>> 3, last = (addr + len - 1) >>> 3; Long.compareUnsigned(w, last) <= 0; w++) {
        if (mapped(w << 3)) {
          analysis.access(id, var(w << 3), write, pc);
        }
      }
    }

    private void checkRange(long addr, long len) {
      if (len < 0 || (len > 0 && Long.compareUnsigned(addr + len - 1, addr) < 0)) {
        throw new IllegalArgumentException("racekit: the range of " + len + " bytes at 0x" + Long.toHexString(addr)
            + " is negative or wraps around");
      }
    }

    @Override
    public void funcEnter(long pc) {
      checkLive();
      if (depth >= MAX_STACK) {
        throw new IllegalStateException("racekit: the shadow stack of thread " + id + " is deeper than " + MAX_STACK
            + " frames");
      }
      depth++;
    }

    @Override
    public void funcExit() {
      checkLive();
      if (depth == 0) {
        throw new IllegalStateException("racekit: funcExit on thread " + id + " without a matching funcEnter");
      }
      depth--;
    }

    @Override
    public void acquire(long sync) {
      checkLive();
      if (ignoring == 0) {
        analysis.acquire(id, syncs.intern(sync));
      }
    }

    @Override
    public void release(long sync) {
      checkLive();
      if (ignoring == 0) {
        analysis.release(id, syncs.intern(sync));
      }
    }

    @Override
    public void releaseMerge(long sync) {
      checkLive();
      if (ignoring == 0) {
        analysis.releaseMerge(id, syncs.intern(sync));
      }
    }

    @Override
    public void ignoreBegin() {
      checkLive();
      ignoring++;
    }

    @Override
    public void ignoreEnd() {
      checkLive();
      if (ignoring == 0) {
        throw new IllegalStateException("racekit: ignoreEnd on thread " + id + " without a matching ignoreBegin");
      }
      ignoring--;
    }

    @Override
    public void malloc(long addr, long size) {
      checkLive();
      checkRange(addr, size);
      if (size > 0) {
        eachKnownWord(addr, size, (word, v) -> analysis.reset(v));
      }
    }

    @Override
    public void free(long addr, long size, long pc) {
      checkLive();
      checkRange(addr, size);
      if (size > 0 && ignoring == 0) {
        eachKnownWord(addr, size, (word, v) -> analysis.access(id, v, true, pc));
      }
    }

    /** The variables already seen in the words of {@code [addr, addr + size)}. */
    private void eachKnownWord(long addr, long size, LongIntMap.Visitor v) {
      long first = addr >>> 3;
      long words = ((addr + size - 1) >>> 3) - first + 1;
      if (words <= 4L * vars.size() + 64) {
        for (long w = first; w < first + words; w++) {
          int id = vars.find(w);
          if (id >= 0) {
            v.visit(w, id);
          }
        }
      } else {
        vars.forEachInRange(first, first + words, v);
      }
    }

    @Override
    public void end() {
      checkLive();
      ended = true;
    }

    @Override
    public void join(RaceThread child) {
      checkLive();
      Thread c = own(child, "joined");
      if (c == this) {
        throw new IllegalArgumentException("racekit: a thread cannot join itself");
      }
      if (!c.ended) {
        throw new IllegalStateException("racekit: join of thread " + c.id + ", which has not ended");
      }
      analysis.join(id, c.id);
    }
  }
}
