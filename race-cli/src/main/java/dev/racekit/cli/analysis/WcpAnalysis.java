package dev.racekit.cli.analysis;

import java.util.Arrays;

/**
 * Weak causal precedence (WCP, Kini, Mathur and Viswanathan, PLDI 2017): a sound predictive analysis in one pass.
 *
 * <p>WCP orders fewer events than HB: a release does not order the next acquire of its lock. It keeps
 * <ul>
 *   <li>(a) a release before a later access in a critical section of the same lock that conflicts with an access in
 *       the released section: {@code rel(CS1) ≺ e2};
 *   <li>(b) a release before a later release of the same lock whose critical section's acquire is ordered before
 *       it: {@code acq(CS1) ≺ rel(CS2)} gives {@code rel(CS1) ≺ rel(CS2)};
 *   <li>(c) composition with HB on both sides, and thread order, fork and join as hard edges.
 * </ul>
 * Per thread it keeps an HB clock {@code H} and a WCP clock {@code P} (the thread's own entry of its view comes from
 * {@code H}); per lock both clocks of its last release; per lock and variable the HB clocks of the releases of the
 * sections that read ({@code Lr}) and wrote ({@code Lw}) the variable (rule a); per lock the log of its critical
 * sections with the clock of each acquire and release, which each thread consumes in order at its own releases
 * (rule b; the paper's per-thread queues, stored once and trimmed when every live thread has passed an entry).
 *
 * <p>An acquire opens a critical section that the same thread's release of the same object closes. A release of an
 * object the thread does not hold (a hand-off between threads) and a {@code releaseMerge} are kept as hard edges: the
 * acquirer is ordered after them in the WCP clock as well, which can only hide races, never invent them.
 */
final class WcpAnalysis extends Analysis {
  private final AccessHistory history = new AccessHistory(this);
  private int width = 8;
  private int threads = 1;
  private int[][] hb = new int[8][];
  private int[][] wcp = new int[8][];
  private boolean[] ended = new boolean[8];

  // per lock
  private int[][] lockHb = new int[64][];
  private int[][] lockWcp = new int[64][];
  private int[] holder = new int[64];
  private int[] holdDepth = new int[64];
  private SectionLog[] logs = new SectionLog[64];

  // per (lock, variable): the joined HB clocks of the releases of sections that read / wrote it. The releases of one
  // lock are HB-ordered, so the join is usually the clock of the latest, and then its epoch decides whether a thread's
  // WCP view already covers it (a view that covers a release's epoch covers its whole HB clock).
  private final LongIntMap pairs = new LongIntMap();
  private int[][] pairReads = new int[1024][];
  private int[][] pairWrites = new int[1024][];
  private int[] pairReadThread = new int[1024];
  private int[] pairReadClock = new int[1024];
  private int[] pairWriteThread = new int[1024];
  private int[] pairWriteClock = new int[1024];
  private int[] cachedLock = new int[0];
  private int[] cachedSlot = new int[0];

  // per thread: the locks it holds (innermost last) and where their sections start in its access log
  private int[][] held = new int[8][];
  private int[][] heldFrom = new int[8][];
  private int[] heldCount = new int[8];
  private int[][] csVars = new int[8][];
  private byte[][] csKinds = new byte[8][];
  private int[] csCount = new int[8];
  private int[] generation = new int[8];
  // per variable: the thread and generation that last logged it, and how (1 read, 2 write), to log it once a segment
  private int[] loggedThread = new int[0];
  private int[] loggedGeneration = new int[0];
  private byte[] loggedKinds = new byte[0];
  // per variable: the release that last joined into its pair clocks (to join once per release)
  private int[] stampRead = new int[0];
  private int[] stampWrite = new int[0];
  private int releaseSerial;

  /** The most sections a lock's log keeps, or 0 for the default (see {@link #sectionCap()}). */
  private final int capOverride;
  private final int trimFrom;

  WcpAnalysis(RaceSink sink) {
    this(sink, 0);
  }

  /** With a chosen section cap (tests: the log's trimming must not change the answer). */
  WcpAnalysis(RaceSink sink, int sectionCap) {
    this(sink, sectionCap, 32);
  }

  /** With a chosen section cap and log length from which to trim (1: at every release). */
  WcpAnalysis(RaceSink sink, int sectionCap, int trimFrom) {
    super(sink);
    this.capOverride = sectionCap;
    this.trimFrom = trimFrom;
    Arrays.fill(holder, -1);
    initThread(0);
    hb[0][0] = 1;
  }

  @Override
  public String name() {
    return "wcp";
  }

  private void initThread(int t) {
    hb[t] = new int[width];
    wcp[t] = new int[width];
    held[t] = new int[4];
    heldFrom[t] = new int[4];
    csVars[t] = new int[16];
    csKinds[t] = new byte[16];
  }

  @Override
  public void access(int t, int var, int kind, long pc) {
    boolean write = (kind & 1) != 0; // in a critical section an atomic access conflicts like a plain one
    int n = heldCount[t];
    if (n > 0) {
      int[] p = wcp[t];
      int[] hs = held[t];
      for (int i = 0; i < n; i++) {
        int slot = pairSlot(hs[i], var, false);
        if (slot >= 0) {
          // rule (a): the earlier sections of this lock that conflict with this access are ordered before it
          int[] lw = pairWrites[slot];
          if (lw != null && !covered(p, t, pairWriteThread[slot], pairWriteClock[slot])) {
            VectorClocks.join(p, lw);
          }
          int[] lr = pairReads[slot];
          if (write && lr != null && !covered(p, t, pairReadThread[slot], pairReadClock[slot])) {
            VectorClocks.join(p, lr);
          }
        }
      }
      logAccess(t, var, write);
    }
    int[] h = hb[t];
    history.access(t, var, kind, pc, wcp[t], h[t]);
  }

  private void logAccess(int t, int var, boolean write) {
    if (var >= loggedThread.length) {
      growVars(var);
    }
    byte kind = (byte) (write ? 2 : 1);
    if (loggedThread[var] == t && loggedGeneration[var] == generation[t]) {
      if ((loggedKinds[var] & kind) != 0) {
        return;
      }
      loggedKinds[var] |= kind;
    } else {
      loggedThread[var] = t;
      loggedGeneration[var] = generation[t];
      loggedKinds[var] = kind;
    }
    int c = csCount[t];
    if (c == csVars[t].length) {
      csVars[t] = Arrays.copyOf(csVars[t], c * 2);
      csKinds[t] = Arrays.copyOf(csKinds[t], c * 2);
    }
    csVars[t][c] = var;
    csKinds[t][c] = kind;
    csCount[t] = c + 1;
  }

  @Override
  public void acquire(int t, int lock) {
    growLocks(lock);
    int[] h = hb[t];
    int[] p = wcp[t];
    if (lockHb[lock] != null) {
      VectorClocks.join(h, lockHb[lock]);
      VectorClocks.join(p, lockWcp[lock]);
    }
    if (holder[lock] == t) {
      holdDepth[lock]++; // re-entered: one section until the outermost release
      return;
    }
    holder[lock] = t;
    holdDepth[lock] = 1;
    int n = heldCount[t];
    if (n == held[t].length) {
      held[t] = Arrays.copyOf(held[t], n * 2);
      heldFrom[t] = Arrays.copyOf(heldFrom[t], n * 2);
    }
    held[t][n] = lock;
    heldFrom[t][n] = csCount[t];
    heldCount[t] = n + 1;
    generation[t]++;
    if (logs[lock] == null) {
      logs[lock] = new SectionLog(trimFrom);
    }
    logs[lock].open(t, p, h[t]);
  }

  @Override
  public void release(int t, int lock) {
    growLocks(lock);
    int[] h = hb[t];
    int[] p = wcp[t];
    if (holder[lock] != t) {
      // a hand-off, not the end of a critical section: a hard edge
      lockHb[lock] = VectorClocks.copy(h, lockHb[lock]);
      lockWcp[lock] = VectorClocks.copy(h, lockWcp[lock]);
      dropHeld(t, lock); // acquired by this thread, then by another (a semaphore): its section ends here
      h[t]++;
      return;
    }
    if (--holdDepth[lock] > 0) {
      return;
    }
    SectionLog log = logs[lock];
    // rule (b): each earlier section of this lock by another thread whose acquire is ordered before this release
    // has its release ordered before it; the sections are taken in order, and the first that is not stops the walk
    int own = h[t];
    long i = log.cursor(t);
    if (i < log.base()) {
      // sections dropped from a full log before this thread passed them: taken as ordered (sound, maybe too strong)
      if (i < log.capBase()) {
        VectorClocks.join(p, log.droppedRelease());
      }
      i = log.base();
    }
    for (; i < log.end(); i++) {
      if (log.owner(i) == t) {
        continue;
      }
      int[] rel = log.release(i);
      if (rel == null || !leqView(log.acquire(i), p, t, own)) {
        break;
      }
      VectorClocks.join(p, rel);
    }
    log.setCursor(t, i);
    // rule (a): this section's accesses, for the later sections of the lock
    int k = indexOfHeld(t, lock);
    int from = heldFrom[t][k];
    int serial = ++releaseSerial;
    int[] vars = csVars[t];
    byte[] kinds = csKinds[t];
    for (int j = from, end = csCount[t]; j < end; j++) {
      int var = vars[j];
      int slot = pairSlot(lock, var, true);
      if (slot >= pairReads.length) {
        growPairs(slot);
      }
      if ((kinds[j] & 1) != 0 && stampRead[var] != serial) {
        stampRead[var] = serial;
        int[] old = pairReads[slot];
        boolean latest = old == null || supersedes(h, pairReadThread[slot], pairReadClock[slot], old);
        pairReads[slot] = latest ? VectorClocks.copy(h, old) : joinInto(old, h);
        pairReadThread[slot] = latest ? t : -1; // -1: a join that no single epoch stands for
        pairReadClock[slot] = own;
      }
      if ((kinds[j] & 2) != 0 && stampWrite[var] != serial) {
        stampWrite[var] = serial;
        int[] old = pairWrites[slot];
        boolean latest = old == null || supersedes(h, pairWriteThread[slot], pairWriteClock[slot], old);
        pairWrites[slot] = latest ? VectorClocks.copy(h, old) : joinInto(old, h);
        pairWriteThread[slot] = latest ? t : -1;
        pairWriteClock[slot] = own;
      }
    }
    log.close(t, h);
    lockHb[lock] = VectorClocks.copy(h, lockHb[lock]);
    lockWcp[lock] = VectorClocks.copy(p, lockWcp[lock]);
    holder[lock] = -1;
    // drop the lock from the held list; the log empties when no section is open
    int n = heldCount[t] - 1;
    System.arraycopy(held[t], k + 1, held[t], k, n - k);
    System.arraycopy(heldFrom[t], k + 1, heldFrom[t], k, n - k);
    heldCount[t] = n;
    if (n == 0) {
      csCount[t] = 0;
    }
    generation[t]++;
    log.trim(ended, threads, sectionCap());
    h[t]++;
  }

  @Override
  public void releaseMerge(int t, int lock) {
    growLocks(lock);
    int[] h = hb[t];
    lockHb[lock] = joinInto(lockHb[lock], h);
    lockWcp[lock] = joinInto(lockWcp[lock], h);
    h[t]++;
  }

  @Override
  public void fork(int parent, int child) {
    if (child >= width) {
      width = Math.max(child + 1, width * 2);
      VectorClocks.widenAll(hb, width);
      VectorClocks.widenAll(wcp, width);
    }
    if (child >= hb.length) {
      int n = Math.max(child + 1, hb.length * 2);
      hb = Arrays.copyOf(hb, n);
      wcp = Arrays.copyOf(wcp, n);
      ended = Arrays.copyOf(ended, n);
      held = Arrays.copyOf(held, n);
      heldFrom = Arrays.copyOf(heldFrom, n);
      heldCount = Arrays.copyOf(heldCount, n);
      csVars = Arrays.copyOf(csVars, n);
      csKinds = Arrays.copyOf(csKinds, n);
      csCount = Arrays.copyOf(csCount, n);
      generation = Arrays.copyOf(generation, n);
    }
    threads = Math.max(threads, child + 1);
    initThread(child);
    int[] ph = hb[parent];
    System.arraycopy(ph, 0, hb[child], 0, ph.length);
    System.arraycopy(ph, 0, wcp[child], 0, ph.length); // a fork is a hard edge
    hb[child][child] = 1;
    wcp[child][child] = 0;
    for (SectionLog log : logs) {
      if (log != null) {
        log.startLike(child, parent); // what the parent passed is in the child's clock through the fork
      }
    }
    ph[parent]++;
  }

  @Override
  public void join(int parent, int child) {
    VectorClocks.join(hb[parent], hb[child]);
    VectorClocks.join(wcp[parent], hb[child]); // a join is a hard edge
    ended[child] = true;
  }

  @Override
  public void reset(int var) {
    history.reset(var);
  }

  /**
   * Whether thread {@code t}'s WCP view {@code p} covers the release with epoch (u, c) and so its whole HB clock. Never
   * for the thread's own releases: its WCP view does not hold its own HB past.
   */
  private static boolean covered(int[] p, int t, int u, int c) {
    return u >= 0 && u != t && p[u] >= c;
  }

  /** Whether clock {@code h} covers {@code old}, whose epoch is (u, c) or, for u = -1, none. */
  private static boolean supersedes(int[] h, int u, int c, int[] old) {
    return u >= 0 ? h[u] >= c : VectorClocks.leq(old, h);
  }

  private void growPairs(int slot) {
    int n = Math.max(slot + 1, pairReads.length * 2);
    pairReads = Arrays.copyOf(pairReads, n);
    pairWrites = Arrays.copyOf(pairWrites, n);
    pairReadThread = Arrays.copyOf(pairReadThread, n);
    pairReadClock = Arrays.copyOf(pairReadClock, n);
    pairWriteThread = Arrays.copyOf(pairWriteThread, n);
    pairWriteClock = Arrays.copyOf(pairWriteClock, n);
  }

  /** {@code a ⊑ view}, where the view is {@code p} with {@code own} as thread {@code t}'s entry. */
  private static boolean leqView(int[] a, int[] p, int t, int own) {
    for (int u = 0; u < a.length; u++) {
      if (a[u] > (u == t ? own : p[u])) {
        return false;
      }
    }
    return true;
  }

  /** The sections a lock's log keeps at most: about 2^21 clock entries, 64..4096 sections. */
  private int sectionCap() {
    if (capOverride > 0) {
      return capOverride;
    }
    return Math.max(64, Math.min(4096, (1 << 21) / (2 * width)));
  }

  private void dropHeld(int t, int lock) {
    int[] hs = held[t];
    for (int k = heldCount[t] - 1; k >= 0; k--) {
      if (hs[k] == lock) {
        int n = heldCount[t] - 1;
        System.arraycopy(hs, k + 1, hs, k, n - k);
        System.arraycopy(heldFrom[t], k + 1, heldFrom[t], k, n - k);
        heldCount[t] = n;
        if (n == 0) {
          csCount[t] = 0;
        }
        generation[t]++;
        return;
      }
    }
  }

  private int indexOfHeld(int t, int lock) {
    int[] hs = held[t];
    for (int k = heldCount[t] - 1; k >= 0; k--) {
      if (hs[k] == lock) {
        return k;
      }
    }
    throw new IllegalStateException("lock " + lock + " is not held by thread " + t);
  }

  private static int[] joinInto(int[] into, int[] from) {
    if (into == null) {
      return from.clone();
    }
    if (into.length < from.length) {
      into = Arrays.copyOf(into, from.length);
    }
    VectorClocks.join(into, from);
    return into;
  }

  /**
   * The slot of (lock, var), or -1 when it has none and {@code create} is false. A variable is usually guarded by one
   * lock, so the last pair of each variable is kept at hand before the hash table is asked.
   */
  private int pairSlot(int lock, int var, boolean create) {
    if (var >= cachedLock.length) {
      int old = cachedLock.length;
      int n = Math.max(var + 1, Math.max(1024, old * 2));
      cachedLock = Arrays.copyOf(cachedLock, n);
      Arrays.fill(cachedLock, old, n, -1);
      cachedSlot = Arrays.copyOf(cachedSlot, n);
    }
    if (cachedLock[var] == lock) {
      return cachedSlot[var];
    }
    long key = pairKey(lock, var);
    int slot = create ? pairs.intern(key) : pairs.find(key);
    if (slot >= 0) {
      cachedLock[var] = lock;
      cachedSlot[var] = slot;
    }
    return slot;
  }

  private static long pairKey(int lock, int var) {
    return ((long) lock << 32) | (var & 0xFFFF_FFFFL);
  }

  private void growLocks(int lock) {
    if (lock >= lockHb.length) {
      int old = lockHb.length;
      int n = Math.max(lock + 1, old * 2);
      lockHb = Arrays.copyOf(lockHb, n);
      lockWcp = Arrays.copyOf(lockWcp, n);
      holder = Arrays.copyOf(holder, n);
      Arrays.fill(holder, old, n, -1);
      holdDepth = Arrays.copyOf(holdDepth, n);
      logs = Arrays.copyOf(logs, n);
    }
  }

  private void growVars(int var) {
    int n = Math.max(var + 1, Math.max(1024, loggedThread.length * 2));
    int old = loggedThread.length;
    loggedThread = Arrays.copyOf(loggedThread, n);
    Arrays.fill(loggedThread, old, n, -1);
    loggedGeneration = Arrays.copyOf(loggedGeneration, n);
    loggedKinds = Arrays.copyOf(loggedKinds, n);
    stampRead = Arrays.copyOf(stampRead, n);
    stampWrite = Arrays.copyOf(stampWrite, n);
  }

  /**
   * The critical sections of one lock in trace order, each with its thread, the WCP view at its acquire and the HB
   * clock at its release; every thread reads it from its own cursor. Entries every live thread has passed are
   * dropped, so it holds only the sections since the slowest live thread's last release of the lock.
   */
  private static final class SectionLog {
    private int[] owners = new int[16];
    private int[][] acquires = new int[16][];
    private int[][] releases = new int[16][];
    private long base; // the sequence number of entry 0
    private long capBase; // the entries before it were dropped because the log was full
    private int[] droppedRelease; // the release clock of the last of those
    private int count;
    private long[] cursors = new long[8];
    private final int trimFrom;
    private int nextTrim;

    SectionLog(int trimFrom) {
      this.trimFrom = trimFrom;
      this.nextTrim = trimFrom;
    }

    long end() {
      return base + count;
    }

    int owner(long i) {
      return owners[(int) (i - base)];
    }

    int[] acquire(long i) {
      return acquires[(int) (i - base)];
    }

    int[] release(long i) {
      return releases[(int) (i - base)];
    }

    long base() {
      return base;
    }

    long capBase() {
      return capBase;
    }

    int[] droppedRelease() {
      return droppedRelease;
    }

    long cursor(int t) {
      if (t >= cursors.length) {
        cursors = Arrays.copyOf(cursors, Math.max(t + 1, cursors.length * 2));
      }
      return cursors[t];
    }

    void setCursor(int t, long i) {
      cursors[t] = i;
    }

    void startLike(int child, int parent) {
      long c = cursor(parent);
      cursor(child);
      cursors[child] = c;
    }

    /** Opens a section of {@code t} whose acquire view is {@code p} with {@code own} as t's entry. */
    void open(int t, int[] p, int own) {
      int[] acquireView = p.clone();
      acquireView[t] = own;
      if (count == owners.length) {
        owners = Arrays.copyOf(owners, count * 2);
        acquires = Arrays.copyOf(acquires, count * 2);
        releases = Arrays.copyOf(releases, count * 2);
      }
      owners[count] = t;
      acquires[count] = acquireView;
      releases[count] = null;
      count++;
    }

    /** Closes {@code t}'s open section, the last one of the log that is open. */
    void close(int t, int[] releaseClock) {
      for (int j = count - 1; j >= 0; j--) {
        if (owners[j] == t && releases[j] == null) {
          releases[j] = releaseClock.clone();
          return;
        }
      }
    }

    /**
     * Drops the entries that every live thread has passed; and when the log holds {@code cap} sections, the older
     * half, whose releases a thread that had not passed them then takes as ordered before its next release.
     */
    void trim(boolean[] ended, int threads, int cap) {
      if (count < nextTrim && count < cap) {
        return; // the scan of the threads runs when the log has doubled since the last one
      }
      long min = end();
      for (int t = 0; t < threads; t++) {
        if (!ended[t]) {
          long c = t < cursors.length ? cursors[t] : 0;
          if (c < min) {
            min = c;
          }
        }
      }
      int drop = (int) (min - base);
      if (count >= cap && drop * 2 < count) {
        drop = count / 2;
        droppedRelease = releases[drop - 1];
        capBase = base + drop;
      }
      // trimming copies the rest down; do it only when it frees at least half, so it costs O(1) per entry
      if (drop > 0 && (drop * 2 >= count || trimFrom <= 1)) {
        System.arraycopy(owners, drop, owners, 0, count - drop);
        System.arraycopy(acquires, drop, acquires, 0, count - drop);
        System.arraycopy(releases, drop, releases, 0, count - drop);
        Arrays.fill(acquires, count - drop, count, null);
        Arrays.fill(releases, count - drop, count, null);
        count -= drop;
        base += drop;
      }
      nextTrim = trimFrom <= 1 ? 0 : Math.max(trimFrom, 2 * count);
    }
  }
}
