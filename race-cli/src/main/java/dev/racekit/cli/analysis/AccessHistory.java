package dev.racekit.cli.analysis;

import java.util.Arrays;

/**
 * The access history of every variable, for the exact "is this access racy" question: per variable, access kind and
 * thread, the clock (and pc) of the thread's last access of that kind. An earlier access by thread u is ordered
 * before the current access of thread t exactly when its clock is at most t's view of u, and u's last access of a
 * kind is the latest of u's, so comparing t's view with these vectors finds every racy event (DJIT+ with full
 * vectors, which FastTrack's single write epoch cannot: after a write-write race the last write alone no longer
 * stands for the earlier ones).
 *
 * <p>Kinds: plain read and write, atomic read and write. A plain write conflicts with every access, a plain read with
 * writes, an atomic access only with plain accesses (a plain write, or for an atomic write a plain read too).
 *
 * <p>A variable that only one thread has touched keeps one epoch per kind instead of vectors (it cannot race yet);
 * its vectors are made when a second thread touches it, so thread-local data costs no vector, and the atomic vectors
 * only when the variable has atomic accesses.
 */
final class AccessHistory {
  static final int READ = 0;
  static final int WRITE = 1;
  static final int ATOMIC_READ = 2;
  static final int ATOMIC_WRITE = 3;
  /** Per kind, the kinds of earlier accesses it conflicts with, writes first (their report is the clearer one). */
  private static final int[][] CONFLICTS = {{WRITE, ATOMIC_WRITE}, {WRITE, READ, ATOMIC_WRITE, ATOMIC_READ}, {WRITE},
      {WRITE, READ}};
  private static final int NONE = -1;
  private static final int SHARED = -2;

  private final Analysis analysis;
  private int[] owner = new int[0];
  private final int[][] ownerClock = new int[4][0];
  private final long[][] ownerPc = new long[4][0];
  private final int[][][] clocks = new int[4][0][];
  private final long[][][] pcs = new long[4][0][];

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
  boolean access(int t, int var, int kind, long pc, int[] view, int own) {
    if (var >= owner.length) {
      grow(var);
    }
    int o = owner[var];
    if (o == t || o == NONE) {
      owner[var] = t;
      ownerClock[kind][var] = own;
      ownerPc[kind][var] = pc;
      return false;
    }
    if (o != SHARED) {
      share(var, o, Math.max(view.length, t + 1));
    }
    int other = -1;
    int otherKind = -1;
    int saved = view[t];
    view[t] = Integer.MAX_VALUE; // the thread's own accesses never race with it
    for (int k : CONFLICTS[kind]) {
      int[] c = clocks[k][var];
      if (c == null) {
        continue;
      }
      // a branch-free pass (the JIT vectorizes it): negative when some entry is not covered
      int uncovered = 0;
      for (int u = 0; u < c.length; u++) {
        uncovered |= view[u] - c[u];
      }
      if (uncovered < 0) {
        for (int u = 0; u < c.length; u++) {
          if (c[u] > view[u]) {
            other = u;
            otherKind = k;
            break;
          }
        }
        break;
      }
    }
    view[t] = saved;
    if (other >= 0) {
      analysis.racy(var, t, kind, pc, other, otherKind, pcs[otherKind][var][other]);
    }
    int[] c = clocks[kind][var];
    if (c == null || t >= c.length) {
      int n = Math.max(view.length, t + 1);
      c = clocks[kind][var] = c == null ? new int[n] : Arrays.copyOf(c, n);
      pcs[kind][var] = pcs[kind][var] == null ? new long[n] : Arrays.copyOf(pcs[kind][var], n);
    }
    c[t] = own;
    pcs[kind][var][t] = pc;
    return other >= 0;
  }

  /** Forgets {@code var}'s history. */
  void reset(int var) {
    if (var < owner.length) {
      owner[var] = NONE;
      for (int k = 0; k < 4; k++) {
        ownerClock[k][var] = 0;
        clocks[k][var] = null;
        pcs[k][var] = null;
      }
    }
  }

  /** A second thread touches {@code var}: its owner's epochs become vectors. */
  private void share(int var, int o, int width) {
    int n = Math.max(width, o + 1);
    for (int k = 0; k < 4; k++) {
      if (ownerClock[k][var] != 0 || k < ATOMIC_READ) {
        int[] c = new int[n];
        long[] p = new long[n];
        c[o] = ownerClock[k][var];
        p[o] = ownerPc[k][var];
        clocks[k][var] = c;
        pcs[k][var] = p;
      }
    }
    owner[var] = SHARED;
  }

  private void grow(int var) {
    int old = owner.length;
    int n = Math.max(var + 1, Math.max(1024, old * 2));
    owner = Arrays.copyOf(owner, n);
    Arrays.fill(owner, old, n, NONE);
    for (int k = 0; k < 4; k++) {
      ownerClock[k] = Arrays.copyOf(ownerClock[k], n);
      ownerPc[k] = Arrays.copyOf(ownerPc[k], n);
      clocks[k] = Arrays.copyOf(clocks[k], n);
      pcs[k] = Arrays.copyOf(pcs[k], n);
    }
  }
}
