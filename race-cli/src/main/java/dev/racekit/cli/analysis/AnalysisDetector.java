package dev.racekit.cli.analysis;

import dev.racekit.AccessType;
import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.trace.CheckingDetector;
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
 * that was accessed before. Accesses and synchronization inside an ignore region are skipped. Every event is checked
 * as every backend checks it ({@link CheckingDetector}).
 */
public final class AnalysisDetector extends CheckingDetector {
  private static final int DENSE_MAX = 1 << 22;

  private final Analysis analysis;
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

  public AnalysisDetector(Analysis analysis, RaceOptions options) {
    super(options);
    this.analysis = analysis;
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
  protected CheckedThread newThread(CheckedThread parent, int id) {
    if (parent != null) {
      analysis.fork(parent.index(), id);
    }
    return new Thread(id);
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

  private final class Thread extends CheckedThread {
    Thread(int id) {
      super(AnalysisDetector.this, id);
    }

    @Override
    protected void onAccess(long addr, int size, AccessType type, long pc) {
      if (mapped(addr)) {
        int kind = switch (type) {
          case READ -> Analysis.READ;
          case WRITE -> Analysis.WRITE;
          case ATOMIC_READ -> Analysis.ATOMIC_READ;
          default -> Analysis.ATOMIC_WRITE;
        };
        analysis.access(index(), var(addr), kind, pc);
      }
    }

    @Override
    protected void onRange(long addr, long len, boolean write, long pc) {
      if (len == 0) {
        return;
      }
      for (long w = addr >>> 3, last = (addr + len - 1) >>> 3; Long.compareUnsigned(w, last) <= 0; w++) {
        if (mapped(w << 3)) {
          analysis.access(index(), var(w << 3), write, pc);
        }
      }
    }

    @Override
    protected void onAcquire(long sync) {
      analysis.acquire(index(), syncs.intern(sync));
    }

    @Override
    protected void onRelease(long sync) {
      analysis.release(index(), syncs.intern(sync));
    }

    @Override
    protected void onReleaseMerge(long sync) {
      analysis.releaseMerge(index(), syncs.intern(sync));
    }

    @Override
    protected void onMalloc(long addr, long size) {
      if (size > 0) {
        eachKnownWord(addr, size, (word, v) -> analysis.reset(v));
      }
    }

    @Override
    protected void onFree(long addr, long size, long pc) {
      if (size > 0) {
        eachKnownWord(addr, size, (word, v) -> analysis.access(index(), v, true, pc));
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
    protected void onJoin(CheckedThread child) {
      analysis.join(index(), child.index());
    }
  }
}
