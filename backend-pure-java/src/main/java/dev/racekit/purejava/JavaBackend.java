package dev.racekit.purejava;

import dev.racekit.AccessType;
import dev.racekit.RaceAccess;
import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import dev.racekit.RaceThreadInfo;
import dev.racekit.spi.BackendContext;
import dev.racekit.spi.RaceBackend;
import dev.racekit.spi.ReportSink;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Java detector: shadow, sync objects, slots and threads. Thread start, end and join take the lifecycle lock
 * (they are rare); accesses and synchronization do not.
 */
final class JavaBackend implements RaceBackend {
  final Shadow shadow = new Shadow();
  final SyncTable syncs = new SyncTable();
  private final int historySize;
  private final ReportSink sink;
  private final Object lifecycle = new Object();
  private final Slots slots = new Slots();
  private final Set<JavaRaceThread> live = new LinkedHashSet<>();
  private final AtomicLong endedUnmapped = new AtomicLong();
  private final JavaRaceThread main;
  private long nextId;
  private volatile boolean closed;

  JavaBackend(BackendContext context) {
    this.historySize = context.options().historySize();
    this.sink = context.reports();
    synchronized (lifecycle) {
      this.main = newThread(new long[0], new long[0]);
    }
  }

  @Override
  public RaceThread mainThread() {
    checkOpen();
    return main;
  }

  @Override
  public RaceThread startThread(RaceThread parent, long pc) {
    if (!(parent instanceof JavaRaceThread p) || p.backend != this) {
      throw new IllegalArgumentException("racekit: the parent thread belongs to another detector");
    }
    synchronized (lifecycle) {
      p.checkLive();
      JavaRaceThread child = newThread(p.clock(), p.stackWith(pc));
      p.incrementEpoch();
      return child;
    }
  }

  private JavaRaceThread newThread(long[] parentClock, long[] creationStack) {
    int slot = slots.allocate(parentClock);
    long start = slots.startEpoch(slot);
    long[] clock = Arrays.copyOf(parentClock, Math.max(parentClock.length, slot + 1));
    clock[slot] = start;
    ThreadRecord record = new ThreadRecord(nextId++, start, creationStack, new History(historySize, start));
    slots.attach(slot, record);
    JavaRaceThread t = new JavaRaceThread(this, record, slot, clock);
    live.add(t);
    return t;
  }

  void endThread(JavaRaceThread t) {
    synchronized (lifecycle) {
      t.checkLive();
      t.liveRecord().ended = true;
      t.markEnded();
      live.remove(t);
      endedUnmapped.addAndGet(t.unmapped);
      slots.release(t.slot, t.epoch());
    }
  }

  @Override
  public void mapShadow(long base, long size) {
    checkOpen();
    shadow.map(base, size);
  }

  @Override
  public long unmappedAccessCount() {
    synchronized (lifecycle) {
      long n = endedUnmapped.get();
      for (JavaRaceThread t : live) {
        n += t.unmapped;
      }
      return n;
    }
  }

  /** Per slot, the epoch below which its cells are forgotten (Slots.floor); read without the lifecycle lock. */
  long[] slotFloor() {
    return slots.floor;
  }

  /** Bytes of shadow memory allocated so far (cells and page directories). */
  @Override
  public long shadowMemoryBytes() {
    return shadow.allocatedBytes();
  }

  boolean touchesMapped(long addr, long len) {
    long last = addr + len - 1;
    for (ShadowRange r : shadow.ranges()) {
      if (Long.compareUnsigned(addr, r.base + r.size - 1) <= 0 && Long.compareUnsigned(last, r.base) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** malloc: forget the history of every mapped word the range touches, and its sync objects. */
  void resetRange(long addr, long len) {
    if (len == 0) {
      return;
    }
    clearWords(addr, len);
    syncs.removeRange(addr, len);
  }

  /**
   * Bytes at the start of a freed block whose words always get the freed marker, as ThreadSanitizer v3 marks only
   * the first KiB of a freed block: marking every word of a huge block would cost shadow in proportion to its size.
   */
  static final long FREE_MARKED_PREFIX = 1024;

  /**
   * free: the words of the range's first {@value #FREE_MARKED_PREFIX} bytes, and every other word of it that holds a
   * cell, now hold only the freed marker. Words past the prefix that no access has touched since they were last
   * cleared stay empty, so the work and the shadow this costs follow what was touched, not the size of the range.
   */
  void markFreed(long addr, long len, long freedStamp) {
    long last = addr + len - 1;
    long prefixLast = addr + Math.min(len, FREE_MARKED_PREFIX) - 1;
    for (ShadowRange r : shadow.ranges()) {
      long lo = Long.compareUnsigned(addr, r.base) > 0 ? addr : r.base;
      long rLast = r.base + r.size - 1;
      long hi = Long.compareUnsigned(last, rLast) < 0 ? last : rLast;
      if (Long.compareUnsigned(lo, hi) > 0) {
        continue;
      }
      long lastWord = hi & ~7L;
      for (long word = lo & ~7L; ; word += 8) {
        long off = word - r.base;
        boolean inPrefix = Long.compareUnsigned(word, prefixLast) <= 0;
        long[] page = inPrefix ? r.page(off) : r.pageIfPresent(off);
        if (page == null) { // an untouched page: nothing to mark on it; go on at the next one that may be touched
          long nextOff = r.nextPossiblyPresent(off);
          if (Long.compareUnsigned(nextOff, lastWord - r.base) > 0) {
            break;
          }
          word = r.base + nextOff - 8;
          continue;
        }
        int i = ShadowRange.cellIndex(off);
        if (inPrefix || hasCell(page, i)) {
          long from = Long.compareUnsigned(word, lo) < 0 ? lo : word;
          long to = word == lastWord ? hi : word + 7;
          page[i] = freedStamp | Cell.byteMask(from, (int) (to - from + 1));
          for (int k = 1; k < ShadowRange.CELLS_PER_WORD; k++) {
            page[i + k] = 0;
          }
        }
        if (word == lastWord) {
          break;
        }
      }
    }
    syncs.removeRange(addr, len);
  }

  private static boolean hasCell(long[] page, int i) {
    for (int k = 0; k < ShadowRange.CELLS_PER_WORD; k++) {
      if (page[i + k] != 0) {
        return true;
      }
    }
    return false;
  }

  /** Clears every touched mapped word of the range (malloc): untouched pages are already empty and stay absent. */
  private void clearWords(long addr, long len) {
    long last = addr + len - 1;
    for (ShadowRange r : shadow.ranges()) {
      long lo = Long.compareUnsigned(addr, r.base) > 0 ? addr : r.base;
      long rLast = r.base + r.size - 1;
      long hi = Long.compareUnsigned(last, rLast) < 0 ? last : rLast;
      if (Long.compareUnsigned(lo, hi) > 0) {
        continue;
      }
      long lastWord = hi & ~7L;
      for (long word = lo & ~7L; ; ) {
        long off = word - r.base;
        long[] page = r.pageIfPresent(off);
        if (page == null) {
          long nextOff = r.nextPossiblyPresent(off);
          if (Long.compareUnsigned(nextOff, lastWord - r.base) > 0) {
            break;
          }
          word = r.base + nextOff;
          continue;
        }
        long next = nextPage(word, off);
        long pageLastWord = Long.compareUnsigned(next - 8, lastWord) < 0 ? next - 8 : lastWord;
        int from = ShadowRange.cellIndex(off);
        int to = ShadowRange.cellIndex(pageLastWord - r.base) + ShadowRange.CELLS_PER_WORD;
        Arrays.fill(page, from, to, 0L);
        if (pageLastWord == lastWord) {
          break;
        }
        word = next;
      }
    }
  }

  /** The first word of the shadow page after the one holding {@code word} (at range offset {@code off}). */
  private static long nextPage(long word, long off) {
    return word + (ShadowRange.PAGE_BYTES - (off & (ShadowRange.PAGE_BYTES - 1)));
  }

  /** Builds and hands on the report for a race between {@code t}'s access and the earlier access in {@code prev}. */
  void report(JavaRaceThread t, long prev, long word, long addr, int size, AccessType type, long pc) {
    int prevSlot = Cell.slot(prev);
    long prevEpoch = Cell.epoch(prev);
    long prevMask = prev & Cell.MASK;
    long prevAddr = word + Long.numberOfTrailingZeros(prevMask);
    AccessType prevType = Cell.type(prev);
    ThreadRecord owner;
    synchronized (lifecycle) {
      owner = slots.owner(prevSlot, prevEpoch);
    }
    long[] prevStack = owner == null ? null : restore(owner, prevEpoch, prevAddr, Long.bitCount(prevMask), prevType);
    RaceAccess current = new RaceAccess(t.id(), addr, size, type, t.stackWith(pc));
    RaceAccess previous = new RaceAccess(owner == null ? RaceAccess.UNKNOWN_THREAD : owner.id, prevAddr,
        Long.bitCount(prevMask), prevType, prevStack);
    RaceThreadInfo currentThread = new RaceThreadInfo(t.id(), true, t.liveRecord().creationStack);
    RaceThreadInfo previousThread = owner == null
        ? new RaceThreadInfo(RaceAccess.UNKNOWN_THREAD, false, new long[0])
        : new RaceThreadInfo(owner.id, !owner.ended, owner.creationStack);
    RaceReport.Kind kind = prevType == AccessType.FREE ? RaceReport.Kind.USE_AFTER_FREE : RaceReport.Kind.DATA_RACE;
    sink.report(new RaceReport(kind, current, previous, currentThread, previousThread));
  }

  /**
   * Replays the owner's history; that thread may be running and appending to it, so a torn read is possible and
   * means the stack cannot be restored, never a failure.
   */
  private static long[] restore(ThreadRecord owner, long epoch, long addr, int size, AccessType type) {
    try {
      return owner.history.restore(epoch, addr, size, type);
    } catch (RuntimeException concurrentlyOverwritten) {
      return null;
    }
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      for (JavaRaceThread t : live) {
        endedUnmapped.addAndGet(t.unmapped);
        t.markClosed();
      }
      live.clear();
      syncs.clear();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("racekit: the detector is closed");
    }
  }

}
