package dev.racekit.cli.analysis;

import java.util.Arrays;

/**
 * Exact happens-before (HB), and schedulable happens-before (SHB, Mathur, Kini and Viswanathan, OOPSLA 2018).
 *
 * <p>HB: vector clocks per thread and lock; a thread's own entry grows after each release and fork, so an access's
 * epoch (thread, own clock) is ordered before a later event exactly when that event's view covers it.
 * {@link AccessHistory} then answers, for every access, whether some earlier conflicting access is unordered with it.
 *
 * <p>SHB adds an edge from the write a read observes (the last write of the variable in the trace) to the read:
 * each variable keeps the clock of its last write ({@code LW_x}), a read is checked first and then joins it, and a
 * write advances its thread's own clock afterwards, so that the events of the writer after the write are not taken
 * as observed. Every SHB-racy event is a real race: some reordering of the trace that every thread could have run
 * (each read still reading the same write) puts it right after the access it races with.
 */
final class HbAnalysis extends Analysis {
  private final boolean schedulable;
  private final AccessHistory history = new AccessHistory(this);
  private int width = 8; // the length of every thread clock: at least the number of threads
  private int[][] clocks = new int[8][];
  private int[][] locks = new int[64][];
  // SHB: the clock of each variable's last write, and that write's epoch
  private int[][] lastWrite = new int[0][];
  private int[] lastWriteThread = new int[0];
  private int[] lastWriteClock = new int[0];

  HbAnalysis(RaceSink sink, boolean schedulable) {
    super(sink);
    this.schedulable = schedulable;
    clocks[0] = new int[width];
    clocks[0][0] = 1;
  }

  @Override
  public String name() {
    return schedulable ? "shb" : "hb";
  }

  @Override
  public void access(int t, int var, int kind, long pc) {
    int[] c = clocks[t];
    int own = c[t];
    history.access(t, var, kind, pc, c, own);
    boolean write = (kind & 1) != 0; // a read observes the last write, plain or atomic
    if (!schedulable) {
      return;
    }
    if (var >= lastWriteThread.length) {
      growVars(var);
    }
    if (write) {
      lastWrite[var] = VectorClocks.copy(c, lastWrite[var]);
      lastWriteThread[var] = t;
      lastWriteClock[var] = own;
      c[t] = own + 1;
    } else {
      int[] lw = lastWrite[var];
      // the write's epoch covered means its whole clock is: the writer's own clock moved on right after it
      if (lw != null && c[lastWriteThread[var]] < lastWriteClock[var]) {
        VectorClocks.join(c, lw);
      }
    }
  }

  @Override
  public void acquire(int t, int lock) {
    if (lock < locks.length && locks[lock] != null) {
      VectorClocks.join(clocks[t], locks[lock]);
    }
  }

  @Override
  public void release(int t, int lock) {
    growLocks(lock);
    int[] c = clocks[t];
    locks[lock] = VectorClocks.copy(c, locks[lock]);
    c[t]++;
  }

  @Override
  public void releaseMerge(int t, int lock) {
    growLocks(lock);
    int[] c = clocks[t];
    int[] l = locks[lock];
    if (l == null) {
      locks[lock] = c.clone();
    } else {
      if (l.length < c.length) {
        l = locks[lock] = Arrays.copyOf(l, c.length);
      }
      VectorClocks.join(l, c);
    }
    c[t]++;
  }

  @Override
  public void fork(int parent, int child) {
    if (child >= width) {
      width = Math.max(child + 1, width * 2);
      VectorClocks.widenAll(clocks, width);
    }
    if (child >= clocks.length) {
      clocks = Arrays.copyOf(clocks, Math.max(child + 1, clocks.length * 2));
    }
    int[] p = clocks[parent];
    int[] c = p.clone();
    c[child] = 1;
    clocks[child] = c;
    p[parent]++;
  }

  @Override
  public void join(int parent, int child) {
    VectorClocks.join(clocks[parent], clocks[child]);
  }

  @Override
  public void reset(int var) {
    history.reset(var);
    if (var < lastWrite.length) {
      lastWrite[var] = null;
    }
  }

  private void growLocks(int lock) {
    if (lock >= locks.length) {
      locks = Arrays.copyOf(locks, Math.max(lock + 1, locks.length * 2));
    }
  }

  private void growVars(int var) {
    int n = Math.max(var + 1, Math.max(1024, lastWriteThread.length * 2));
    lastWrite = Arrays.copyOf(lastWrite, n);
    lastWriteThread = Arrays.copyOf(lastWriteThread, n);
    lastWriteClock = Arrays.copyOf(lastWriteClock, n);
  }
}
