package dev.racekit.purejava;

import dev.racekit.AccessType;
import dev.racekit.spi.Checks;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The access path (race-native/src/access.c): reads, writes, ranges, malloc and free. It touches only the thread's
 * own state and shadow cells: plain reads, and one compare-and-set per stored cell so that two threads accessing one
 * word at the same moment cannot miss each other (ThreadSanitizer's plain store may lose one of the two). No lock is
 * taken unless a race is reported.
 *
 * <p>Static methods on the thread's fields, so the fast path stays one straight-line method the JIT inlines into
 * the {@link JavaRaceThread} entry point.
 */
final class Access {
  /** Shadow cells, for the compare-and-set that stores one. */
  private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);

  private Access() {}

  /** rk_access: one access of 1, 2, 4 or 8 bytes inside a word; {@code typeBits} are the cell's type bits. */
  static void access(JavaRaceThread t, long addr, int size, long pc, long typeBits) {
    Threads.checkLive(t);
    Checks.sized(addr, size);
    if (t.ignoreDepth != 0) {
      return;
    }
    ShadowRange r = t.lastRange;
    long off = addr - r.base;
    if (Long.compareUnsigned(off, r.size) >= 0) {
      r = t.backend.shadow.find(addr);
      if (r == null) {
        t.unmapped++;
        return;
      }
      t.lastRange = r; // ranges live until close, so the cache never goes stale
      off = addr - r.base;
    }
    long[] page = r.page(off);
    int i = ShadowRange.cellIndex(off);
    long cur = Cell.byteMask(addr, size) | typeBits | t.stamp;
    long c0 = page[i];
    long c1 = page[i + 1];
    if (Cell.alreadyRecorded(c0, c1, cur)) {
      return;
    }
    AccessType type = Cell.type(cur);
    Threads.liveRecord(t).history.access(type, addr, size, pc, t.stack, t.depth, t.clock[t.slot]);
    recordWord(t, page, i, c0, c1, cur, addr, size, type, pc);
  }

  /** A cell's owner: its slot and the freed bit (a freed marker is nobody's own cell). */
  private static final long OWNER_BITS = ((long) (Cell.MAX_SLOTS - 1) << Cell.SLOT_SHIFT) | Cell.FREED;

  /**
   * record_word: {@link #checkWord} for the one word of a sized access, unrolled for its two cells, whose values
   * the caller loaded ({@code c0}, {@code c1}): the same checks in the same order, the same cell chosen, the same
   * compare-and-set. After it only the other cell is loaded again, and checked only when it changed (a cell seen
   * before gives the same answer again). A failed compare-and-set goes to checkWord, which starts over.
   */
  private static void recordWord(JavaRaceThread t, long[] page, int i, long c0, long c1, long cur, long addr,
      int size, AccessType type, long pc) {
    long curMask = cur & Cell.MASK;
    boolean curRead = (cur & Cell.READ) != 0;
    boolean curAtomic = (cur & Cell.ATOMIC) != 0;
    long own = cur & OWNER_BITS;
    int replace = -1;
    int empty = -1;
    if (vacant(t, c0)) {
      empty = 0;
    } else if (conflicts(t, c0, curMask, curRead, curAtomic)) {
      Report.race(t, c0, addr & ~7L, addr, size, type, pc);
      return;
    } else if (ownSameKind(c0, own, cur, curRead)) {
      replace = 0;
    }
    if (vacant(t, c1)) {
      if (empty < 0) {
        empty = 1;
      }
    } else if (conflicts(t, c1, curMask, curRead, curAtomic)) {
      Report.race(t, c1, addr & ~7L, addr, size, type, pc);
      return;
    } else if (replace < 0 && ownSameKind(c1, own, cur, curRead)) {
      replace = 1;
    }
    int k = replace >= 0 ? replace : empty >= 0 ? empty : (int) (t.evictions & 1);
    if (!CELLS.compareAndSet(page, i + k, k == 0 ? c0 : c1, cur)) {
      checkWord(t, page, i, addr & ~7L, cur, addr, size, type, pc, true);
      return;
    }
    if (replace < 0 && empty < 0) {
      t.evictions++;
    }
    long seen = k == 0 ? c1 : c0;
    long other = (long) CELLS.getVolatile(page, i + 1 - k);
    if (other != seen && !vacant(t, other) && conflicts(t, other, curMask, curRead, curAtomic)) {
      Report.race(t, other, addr & ~7L, addr, size, type, pc);
    }
  }

  /** This thread's cell of the same bytes and atomicity, at least as strong (a write stands for a read). */
  private static boolean ownSameKind(long c, long own, long cur, boolean curRead) {
    return (c & OWNER_BITS) == own && ((c ^ cur) & (Cell.MASK | Cell.ATOMIC)) == 0
        && ((c & Cell.READ) != 0 || !curRead);
  }

  /** rk_access_range: a read or write of {@code [addr, addr + len)}, word by word. */
  static void accessRange(JavaRaceThread t, long addr, long len, long pc, AccessType type) {
    Threads.checkLive(t);
    Checks.range(addr, len);
    if (t.ignoreDepth != 0 || len == 0) {
      return;
    }
    if (!t.backend.shadow.touches(addr, len)) {
      t.unmapped++;
      return;
    }
    Threads.liveRecord(t).history.access(type, addr, len, pc, t.stack, t.depth, t.clock[t.slot]);
    forEachWord(t, addr, len, type, pc, true);
  }

  /** rk_malloc: the block starts with no history, whatever the ignore depth. */
  static void malloc(JavaRaceThread t, long addr, long size) {
    Threads.checkLive(t);
    Checks.range(addr, size);
    resetRange(t.backend, addr, size);
  }

  /** rk_free: checked like a write, nothing stored; then the freed marker, and the block's sync objects go. */
  static void free(JavaRaceThread t, long addr, long size, long pc) {
    Threads.checkLive(t);
    Checks.range(addr, size);
    if (size == 0) {
      return;
    }
    JavaBackend d = t.backend;
    if (t.ignoreDepth != 0) {
      resetRange(d, addr, size);
      return;
    }
    if (d.shadow.touches(addr, size)) {
      Threads.liveRecord(t).history.access(AccessType.FREE, addr, size, pc, t.stack, t.depth, t.clock[t.slot]);
      forEachWord(t, addr, size, AccessType.FREE, pc, false);
    }
    d.shadow.markFreed(addr, size, Cell.FREED | t.stamp);
    d.syncs.removeRange(addr, size);
  }

  /**
   * reset_range (malloc and ignored free): forgets the history of every mapped word the range touches, and its sync
   * objects.
   */
  static void resetRange(JavaBackend d, long addr, long len) {
    if (len == 0) {
      return;
    }
    d.shadow.clear(addr, len);
    d.syncs.removeRange(addr, len);
  }

  /**
   * for_each_word: checks (and, when {@code store}, records) every mapped word of {@code [addr, addr + len)}; stops
   * at the first race.
   */
  static void forEachWord(JavaRaceThread t, long addr, long len, AccessType type, long pc, boolean store) {
    long last = addr + len - 1; // inclusive, so a range that ends at the top of the address space does not wrap
    long typeBits = Cell.typeBits(type);
    for (ShadowRange r : t.backend.shadow.ranges()) {
      long lo = r.firstIn(addr);
      long hi = r.lastIn(last);
      if (Long.compareUnsigned(lo, hi) > 0) {
        continue;
      }
      long lastWord = hi & ~7L;
      for (long word = lo & ~7L; ; word += 8) {
        long first = Long.compareUnsigned(word, lo) < 0 ? lo : word;
        long end = word == lastWord ? hi : word + 7; // inclusive
        int size = (int) (end - first + 1);
        long off = word - r.base;
        long[] page = store ? r.page(off) : r.pageIfPresent(off);
        if (page == null) { // a check only (free): an untouched page holds no cell; go on at one that may
          long nextOff = r.nextPossiblyPresent(off);
          if (Long.compareUnsigned(nextOff, lastWord - r.base) > 0) {
            break;
          }
          word = r.base + nextOff - 8;
          continue;
        }
        int i = ShadowRange.cellIndex(off);
        long cur = Cell.byteMask(first, size) | typeBits | t.stamp;
        if (!(store && Cell.alreadyRecorded(page[i], page[i + 1], cur))
            && checkWord(t, page, i, word, cur, first, size, type, pc, store)) {
          return;
        }
        if (word == lastWord) {
          break;
        }
      }
    }
  }

  /**
   * conflicts: whether the recorded access {@code c} races with the current one: another thread's, at least one a
   * plain write (or a use after free), overlapping bytes, and not ordered before this thread's clock.
   */
  private static boolean conflicts(JavaRaceThread t, long c, long curMask, boolean curRead, boolean curAtomic) {
    if ((c & curMask) == 0) {
      return false;
    }
    int s = Cell.slot(c);
    if ((c & Cell.FREED) != 0) {
      return Clock.get(t.clock, s) < Cell.epoch(c);
    }
    if (s == t.slot) {
      return false;
    }
    boolean cRead = (c & Cell.READ) != 0;
    if ((cRead && curRead) || ((c & Cell.ATOMIC) != 0 && curAtomic)) {
      return false;
    }
    return Clock.get(t.clock, s) < Cell.epoch(c);
  }

  /** Empty, or a forgotten owner's cell (below its slot's floor). */
  private static boolean vacant(JavaRaceThread t, long c) {
    return c == 0 || Cell.epoch(c) < t.slotFloor[Cell.slot(c)];
  }

  /**
   * check_word: compares {@code cur} with the word's cells ({@code page[i..i + CELLS_PER_WORD)}) and reports the
   * first race; otherwise stores it when {@code store}: in the cell of the same kind from this thread, else an empty
   * one, else the one the thread's eviction counter picks.
   *
   * <p>Two threads may check and store one word at the same moment. So that neither misses the other, the store is a
   * compare-and-set against the cell as it was checked (changed meanwhile: check again), and after it the other cells
   * are read again: of two such threads, the second to store sees the first one's cell.
   *
   * @return whether a race was found
   */
  static boolean checkWord(JavaRaceThread t, long[] page, int i, long word, long cur, long addr, int size,
      AccessType type, long pc, boolean store) {
    long curMask = cur & Cell.MASK;
    boolean curRead = (cur & Cell.READ) != 0;
    boolean curAtomic = (cur & Cell.ATOMIC) != 0;
    int evict = (int) (t.evictions & (Cell.CELLS_PER_WORD - 1));
    while (true) {
      int replace = -1;
      int empty = -1;
      long replaceSeen = 0;
      long emptySeen = 0;
      long evictSeen = 0;
      for (int k = 0; k < Cell.CELLS_PER_WORD; k++) {
        long c = page[i + k];
        if (k == evict) {
          evictSeen = c;
        }
        if (vacant(t, c)) {
          if (empty < 0) {
            empty = k;
            emptySeen = c;
          }
          continue;
        }
        if (conflicts(t, c, curMask, curRead, curAtomic)) {
          Report.race(t, c, word, addr, size, type, pc);
          return true;
        }
        if (Cell.slot(c) == t.slot && (c & Cell.FREED) == 0 && (c & Cell.MASK) == curMask
            && ((c & Cell.ATOMIC) != 0) == curAtomic && ((c & Cell.READ) != 0 || !curRead) && replace < 0) {
          replace = k;
          replaceSeen = c;
        }
      }
      if (!store) {
        return false;
      }
      int k = replace >= 0 ? replace : empty >= 0 ? empty : evict;
      long expected = replace >= 0 ? replaceSeen : empty >= 0 ? emptySeen : evictSeen;
      if (!CELLS.compareAndSet(page, i + k, expected, cur)) {
        continue; // another thread stored there since: check its access too
      }
      if (replace < 0 && empty < 0) {
        t.evictions++;
      }
      // A cell checked above gives the same answer again; one stored since is checked for the first time.
      for (int j = 0; j < Cell.CELLS_PER_WORD; j++) {
        long c = (long) CELLS.getVolatile(page, i + j);
        if (j != k && !vacant(t, c) && conflicts(t, c, curMask, curRead, curAtomic)) {
          Report.race(t, c, word, addr, size, type, pc);
          return true;
        }
      }
      return false;
    }
  }
}
