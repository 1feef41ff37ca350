package dev.racekit.cli.analysis;

import java.util.Arrays;

/**
 * The access history of every variable, for the exact "is this access racy" question: per variable and thread, the
 * clock (and pc) of the thread's last read and last write. An earlier access by thread u is ordered before the current
 * access of thread t exactly when its clock is at most t's view of u, and u's last access is the latest of u's, so
 * comparing t's view with these two vectors finds every racy event (DJIT+ with full vectors, which FastTrack's single
 * write epoch cannot: after a write-write race the last write alone no longer stands for the earlier ones).
 *
 * <p>A variable that only one thread has touched keeps two epochs instead of vectors (it cannot race yet); its
 * vectors are made when a second thread touches it, so thread-local data costs no vector.
 */
final class AccessHistory {
  private static final int NONE = -1;
  private static final int SHARED = -2;

  private final Analysis analysis;
  private int[] owner = new int[0];
  private int[] ownerWrite = new int[0];
  private int[] ownerRead = new int[0];
  private long[] ownerWritePc = new long[0];
  private long[] ownerReadPc = new long[0];
  private int[][] writes = new int[0][];
  private int[][] reads = new int[0][];
  private long[][] writePcs = new long[0][];
  private long[][] readPcs = new long[0][];

  AccessHistory(Analysis analysis) {
    this.analysis = analysis;
  }

  /**
   * Checks an access of {@code var} by thread {@code t}, whose view of the other threads is {@code view} (indexed by
   * thread, at least as long as every vector here) and whose own clock is {@code own}; reports it when racy, then
   * records it.
   *
   * @return whether the access was racy
   */
  boolean access(int t, int var, boolean write, long pc, int[] view, int own) {
    if (var >= owner.length) {
      grow(var);
    }
    int o = owner[var];
    if (o == t) {
      if (write) {
        ownerWrite[var] = own;
        ownerWritePc[var] = pc;
      } else {
        ownerRead[var] = own;
        ownerReadPc[var] = pc;
      }
      return false;
    }
    if (o == NONE) {
      owner[var] = t;
      if (write) {
        ownerWrite[var] = own;
        ownerWritePc[var] = pc;
      } else {
        ownerRead[var] = own;
        ownerReadPc[var] = pc;
      }
      return false;
    }
    if (o != SHARED) {
      share(var, o, Math.max(view.length, t + 1));
    }
    int[] w = writes[var];
    int[] r = reads[var];
    int other = -1;
    boolean otherWrite = false;
    for (int u = 0; u < w.length; u++) {
      if (w[u] > view[u] && u != t) {
        other = u;
        otherWrite = true;
        break;
      }
    }
    if (other < 0 && write) {
      for (int u = 0; u < r.length; u++) {
        if (r[u] > view[u] && u != t) {
          other = u;
          break;
        }
      }
    }
    if (other >= 0) {
      analysis.racy(var, t, write, pc, other, otherWrite, otherWrite ? writePcs[var][other] : readPcs[var][other]);
    }
    if (t >= w.length) {
      widen(var, Math.max(view.length, t + 1));
    }
    if (write) {
      writes[var][t] = own;
      writePcs[var][t] = pc;
    } else {
      reads[var][t] = own;
      readPcs[var][t] = pc;
    }
    return other >= 0;
  }

  /** Forgets {@code var}'s history. */
  void reset(int var) {
    if (var < owner.length) {
      owner[var] = NONE;
      ownerWrite[var] = 0;
      ownerRead[var] = 0;
      writes[var] = null;
      reads[var] = null;
      writePcs[var] = null;
      readPcs[var] = null;
    }
  }

  /** A second thread touches {@code var}: its owner's epochs become vectors. */
  private void share(int var, int o, int width) {
    int n = Math.max(width, o + 1);
    int[] w = new int[n];
    int[] r = new int[n];
    long[] wp = new long[n];
    long[] rp = new long[n];
    w[o] = ownerWrite[var];
    r[o] = ownerRead[var];
    wp[o] = ownerWritePc[var];
    rp[o] = ownerReadPc[var];
    writes[var] = w;
    reads[var] = r;
    writePcs[var] = wp;
    readPcs[var] = rp;
    owner[var] = SHARED;
  }

  private void widen(int var, int n) {
    writes[var] = Arrays.copyOf(writes[var], n);
    reads[var] = Arrays.copyOf(reads[var], n);
    writePcs[var] = Arrays.copyOf(writePcs[var], n);
    readPcs[var] = Arrays.copyOf(readPcs[var], n);
  }

  private void grow(int var) {
    int old = owner.length;
    int n = Math.max(var + 1, Math.max(1024, old * 2));
    owner = Arrays.copyOf(owner, n);
    Arrays.fill(owner, old, n, NONE);
    ownerWrite = Arrays.copyOf(ownerWrite, n);
    ownerRead = Arrays.copyOf(ownerRead, n);
    ownerWritePc = Arrays.copyOf(ownerWritePc, n);
    ownerReadPc = Arrays.copyOf(ownerReadPc, n);
    writes = Arrays.copyOf(writes, n);
    reads = Arrays.copyOf(reads, n);
    writePcs = Arrays.copyOf(writePcs, n);
    readPcs = Arrays.copyOf(readPcs, n);
  }
}
