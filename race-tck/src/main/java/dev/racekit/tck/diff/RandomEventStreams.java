package dev.racekit.tck.diff;

import dev.racekit.tck.diff.Event.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates random, valid event streams from a seed, for differential tests between backends: the same seed always
 * gives the same stream, and every backend must give the same reports for it.
 *
 * <p>A stream maps a few shadow ranges (two adjacent ones, a heap, a three-word range, sometimes one at the top of
 * the address space and one mapped only halfway through the stream) and then runs several threads that start, end
 * and join; read and write a small set of hot words with every size, offset and atomicity; make range accesses that
 * cross range boundaries and unmapped gaps; lock and unlock a few sync objects (some inside memory that gets
 * malloc'ed and freed); enter and leave functions; open ignore regions; and sometimes fill their history ring
 * ({@link Op#BURST}) so that the stacks of earlier accesses can no longer be restored. About a quarter of the streams
 * churn through many short-lived threads, so thread slots are recycled past their quarantine and some previous
 * accesses belong to threads that can no longer be told.
 *
 * <p>The generator tracks every thread's state, so a stream never calls an ended thread, never joins a running one,
 * never exits an empty stack and never ends an ignore region that was not begun.
 */
public final class RandomEventStreams {
  /** Two adjacent globals ranges. */
  static final long GLOBALS = 0x10000;
  static final long GLOBALS2 = 0x11000;
  static final long GLOBALS_SIZE = 0x1000;
  /** The heap: malloc and free happen here. */
  static final long HEAP = 0x40000;
  static final long HEAP_SIZE = 0x10000;
  /** A three-word range, for range accesses that overhang both ends. */
  static final long TINY = 0x20008;
  static final long TINY_SIZE = 24;
  /** A range at the very top of the address space (unsigned comparisons). */
  static final long TOP = 0xFFFF_FFFF_FFFF_F000L;
  static final long TOP_SIZE = 0x1000;
  /** A range mapped only partway through some streams: accesses there are unmapped first, then tracked. */
  static final long LATE = 0x80000;
  static final long LATE_SIZE = 0x2000;
  /** Four words touched rarely, so that their cells outlive the threads (and slot owners) that wrote them. */
  static final long COLD = GLOBALS + 0x800;
  /** A range right after GLOBALS2, mapped partway through some streams. */
  static final long LATE2 = GLOBALS2 + GLOBALS_SIZE;
  static final long LATE2_SIZE = 0x1000;
  /** Private scratch words for {@link Op#BURST}, inside the heap's last 4 KiB. */
  static final long SCRATCH = HEAP + HEAP_SIZE - 0x1000;

  private static final long[] UNMAPPED = {0x0, 0x8, 0x30000, GLOBALS2 + GLOBALS_SIZE, HEAP - 8, 0x7fff_0000_0000L,
      TINY - 8, TINY + TINY_SIZE, LATE - 8};

  private final SplittableRandom rnd;
  private final long seed;
  private final int historySize;
  private final boolean churn;
  private final boolean top;
  private final int lateAt;
  private final int late2At;
  private final boolean bigRanges;
  /**
   * The main thread never acquires or joins: it learns nothing of what its descendants did, so its late accesses race
   * with cells whose slots have changed owners since (reports with an unknown previous thread).
   */
  private final boolean loner;
  private final int length;
  private final int maxAlive;
  private final int maxThreads;
  private final long[] hot;
  private final long[] syncs;
  private final List<Event> out = new ArrayList<>();

  // Thread state, indexed by handle.
  private final List<Integer> alive = new ArrayList<>();
  private final List<Integer> ended = new ArrayList<>();
  private int[] depth = new int[16];
  private int[] ignore = new int[16];
  private int handles = 1;
  private int current;
  private boolean lateMapped;
  private boolean late2Mapped;

  private RandomEventStreams(long seed) {
    this.seed = seed;
    this.rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
    this.churn = rnd.nextInt(4) == 0;
    int[] sizes = {0, 0, 0, 1, 1, 2, 3, 7};
    int h = sizes[rnd.nextInt(sizes.length)];
    // Large rings cost megabytes per thread: keep them to streams with few threads.
    this.historySize = churn ? Math.min(h, 1) : h;
    this.top = rnd.nextInt(10) < 3;
    this.length = 300 + rnd.nextInt(churn ? 2500 : 1700);
    this.lateAt = rnd.nextInt(10) < 3 ? rnd.nextInt(length) : -1;
    this.late2At = rnd.nextInt(10) < 2 ? rnd.nextInt(length) : -1;
    this.bigRanges = rnd.nextInt(10) < 2;
    this.loner = churn && rnd.nextBoolean();
    this.maxAlive = churn ? 2 + rnd.nextInt(4) : 2 + rnd.nextInt(7);
    this.maxThreads = churn ? 400 : (historySize >= 3 ? 8 : 40);
    List<Long> words = new ArrayList<>(List.of(GLOBALS, GLOBALS + 8, GLOBALS + 16, GLOBALS2 - 8, GLOBALS2,
        HEAP + 0x100, HEAP + 0x108, HEAP + 0x800, TINY, TINY + 16, LATE + 0x10));
    if (top) {
      words.add(TOP + TOP_SIZE - 8);
      words.add(TOP);
    }
    this.hot = words.stream().mapToLong(Long::longValue).toArray();
    this.syncs = new long[] {0x1, GLOBALS + 0x10, HEAP + 0x100, HEAP + 0x200, 0x99999, top ? TOP + 8 : 0x12345,
        LATE + 0x40};
  }

  /** The stream for {@code seed}: always the same events for the same seed. */
  public static EventStream generate(long seed) {
    return new RandomEventStreams(seed).build();
  }

  private EventStream build() {
    // Mapped in a random order: backends must not depend on it (a range access visits ranges by address).
    List<long[]> ranges = new ArrayList<>(List.of(new long[] {GLOBALS, GLOBALS_SIZE},
        new long[] {GLOBALS2, GLOBALS_SIZE}, new long[] {HEAP, HEAP_SIZE}, new long[] {TINY, TINY_SIZE}));
    if (top) {
      ranges.add(new long[] {TOP, TOP_SIZE});
    }
    for (int i = ranges.size() - 1; i > 0; i--) {
      java.util.Collections.swap(ranges, i, rnd.nextInt(i + 1));
    }
    for (long[] r : ranges) {
      emit(Op.MAP_SHADOW, -1, r[0], r[1], 0);
    }
    alive.add(0);
    while (out.size() < length) {
      if (out.size() >= lateAt && lateAt >= 0 && !lateMapped) {
        emit(Op.MAP_SHADOW, -1, LATE, LATE_SIZE, 0);
        lateMapped = true;
      }
      if (out.size() >= late2At && late2At >= 0 && !late2Mapped) {
        emit(Op.MAP_SHADOW, -1, LATE2, LATE2_SIZE, 0); // adjacent to GLOBALS2: three ranges in a row
        late2Mapped = true;
      }
      if (!alive.contains(current) || rnd.nextInt(10) < 3) {
        current = alive.get(rnd.nextInt(alive.size()));
      }
      step(current);
    }
    return new EventStream(seed, historySize, out);
  }

  private void step(int t) {
    int roll = rnd.nextInt(1000);
    if (ignore[t] > 0 && roll < 120) {
      ignore[t]--;
      emit(Op.IGNORE_END, t, 0, 0, 0);
      return;
    }
    if (roll < 420) {
      sized(t);
    } else if (roll < 480) {
      range(t);
    } else if (roll < 550) {
      if (depth[t] < 40) {
        depth[t]++;
        emit(Op.FUNC_ENTER, t, pc(), 0, 0);
      } else {
        depth[t]--;
        emit(Op.FUNC_EXIT, t, 0, 0, 0);
      }
    } else if (roll < 610) {
      if (depth[t] > 0) {
        depth[t]--;
        emit(Op.FUNC_EXIT, t, 0, 0, 0);
      } else {
        sized(t);
      }
    } else if (roll < 660) {
      if (t == 0 && loner) {
        sized(t);
      } else {
        emit(Op.ACQUIRE, t, sync(), 0, 0);
      }
    } else if (roll < 700) {
      emit(Op.RELEASE, t, sync(), 0, 0);
    } else if (roll < 720) {
      emit(Op.RELEASE_MERGE, t, sync(), 0, 0);
    } else if (roll < 730) {
      ignore[t]++;
      emit(Op.IGNORE_BEGIN, t, 0, 0, 0);
    } else if (roll < 750) {
      malloc(t);
    } else if (roll < 770) {
      free(t);
    } else if (roll < 770 + (churn ? 90 : 35)) {
      start(t);
    } else if (roll < 870) {
      if (alive.size() > 1 && rnd.nextInt(churn ? 1 : 2) == 0) {
        end(t);
      } else {
        sized(t);
      }
    } else if (roll < 910) {
      if (!ended.isEmpty() && !(t == 0 && loner)) {
        int child = ended.get(rnd.nextInt(ended.size()));
        emit(Op.JOIN, t, 0, child, 0);
      } else {
        sized(t);
      }
    } else if (roll < 913 && historySize <= 2) {
      burst(t);
    } else {
      sized(t);
    }
  }

  private void sized(int t) {
    int[] sizes = {1, 2, 4, 8};
    int size = sizes[rnd.nextInt(4)];
    long addr = address(size);
    long pc = pc();
    int kind = rnd.nextInt(20);
    if (kind < 2) {
      emit(rnd.nextBoolean() ? Op.READ1 : Op.WRITE1, t, address(1), 0, pc);
    } else if (kind < 9) {
      emit(Op.READ, t, addr, size, pc);
    } else if (kind < 15) {
      emit(Op.WRITE, t, addr, size, pc);
    } else if (kind < 18) {
      emit(Op.ATOMIC_READ, t, addr, size, pc);
    } else {
      emit(Op.ATOMIC_WRITE, t, addr, size, pc);
    }
  }

  /** An address for a {@code size}-byte access that stays inside one word. */
  private long address(int size) {
    int r = rnd.nextInt(100);
    long word;
    if (r < (churn ? 6 : 3)) {
      word = COLD + 8L * rnd.nextInt(4); // rarely touched: their cells outlive their threads' slots
    } else if (r < 72) {
      word = hot[rnd.nextInt(hot.length)];
    } else if (r < 82) {
      word = GLOBALS + 8L * rnd.nextInt((int) (2 * GLOBALS_SIZE / 8));
    } else if (r < 88) {
      word = HEAP + 8L * rnd.nextInt((int) (HEAP_SIZE / 8));
    } else if (r < 92) {
      word = LATE + 8L * rnd.nextInt(16);
    } else {
      word = UNMAPPED[rnd.nextInt(UNMAPPED.length)] & ~7L;
    }
    int offset = rnd.nextInt(8 - size + 1);
    if (rnd.nextInt(3) > 0) {
      offset &= ~(size - 1); // mostly naturally aligned, sometimes not
    }
    return word + offset;
  }

  private void range(int t) {
    if (bigRanges && rnd.nextInt(100) == 0) {
      // Rarely: one access over every range below TOP, racing in several of them; the first race (by address) wins.
      emit(rnd.nextBoolean() ? Op.READ_RANGE : Op.WRITE_RANGE, t, GLOBALS - 8 * rnd.nextInt(4),
          LATE + LATE_SIZE - GLOBALS + rnd.nextInt(64), pc());
      return;
    }
    long start;
    int r = rnd.nextInt(100);
    if (r < 40) {
      start = hot[rnd.nextInt(hot.length)] + rnd.nextInt(8) - (rnd.nextBoolean() ? 8 : 0);
    } else if (r < 55) {
      start = GLOBALS2 - rnd.nextInt(64); // across the two adjacent ranges
    } else if (r < 65) {
      start = TINY - rnd.nextInt(16);
    } else if (r < 75) {
      start = GLOBALS2 + GLOBALS_SIZE - rnd.nextInt(64); // into the unmapped gap after globals
    } else if (r < 85) {
      start = HEAP + rnd.nextInt((int) HEAP_SIZE);
    } else if (r < 90 && top) {
      start = TOP + TOP_SIZE - 1 - rnd.nextInt(64);
    } else if (r < 95) {
      start = UNMAPPED[rnd.nextInt(UNMAPPED.length)];
    } else {
      start = LATE - rnd.nextInt(32);
    }
    long len;
    int l = rnd.nextInt(100);
    if (l < 5) {
      len = 0;
    } else if (l < 60) {
      len = 1 + rnd.nextInt(16);
    } else if (l < 90) {
      len = 17 + rnd.nextInt(200);
    } else if (l < 98) {
      len = 256 + rnd.nextInt(4096);
    } else {
      len = 0x2000 + rnd.nextInt(0x2000);
    }
    if (Long.compareUnsigned(start + len, start) < 0 || (len > 0 && start + len == 0 && start != 0)) {
      len = -start; // end exactly at the top of the address space
    }
    if (len > 0 && Long.compareUnsigned(start + len - 1, start) < 0) {
      len = 0;
    }
    emit(rnd.nextBoolean() ? Op.READ_RANGE : Op.WRITE_RANGE, t, start, len, pc());
  }

  private void malloc(int t) {
    long[] r = heapRange();
    emit(Op.MALLOC, t, r[0], r[1], 0);
  }

  private void free(int t) {
    long[] r = heapRange();
    emit(Op.FREE, t, r[0], r[1], pc());
  }

  private long[] heapRange() {
    int r = rnd.nextInt(100);
    long addr;
    if (r < 50) {
      addr = HEAP + 0x100 + 8L * rnd.nextInt(32);
    } else if (r < 60) {
      addr = GLOBALS + 8L * rnd.nextInt(16) + rnd.nextInt(8); // freeing globals: odd but valid
    } else if (r < 65) {
      addr = LATE + rnd.nextInt(64);
    } else {
      addr = HEAP + rnd.nextInt((int) HEAP_SIZE - 0x1000);
    }
    if (rnd.nextInt(4) == 0) {
      addr += rnd.nextInt(8); // unaligned
    }
    long len = rnd.nextInt(20) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextBoolean() ? 32 : 512);
    return new long[] {addr, len};
  }

  private void start(int parent) {
    if (alive.size() >= maxAlive || handles >= maxThreads) {
      sized(parent);
      return;
    }
    int child = handles++;
    if (child == depth.length) {
      depth = java.util.Arrays.copyOf(depth, child * 2);
      ignore = java.util.Arrays.copyOf(ignore, child * 2);
    }
    alive.add(child);
    emit(Op.START, parent, pc(), child, 0);
    if (rnd.nextBoolean()) {
      current = child;
    }
  }

  private void end(int t) {
    alive.remove(Integer.valueOf(t));
    ended.add(t);
    if (ended.size() > 64) {
      ended.remove(0);
    }
    emit(Op.END, t, 0, 0, 0);
    // Usually someone joins it soon, as a tool's Thread.join would.
    if (rnd.nextInt(3) > (churn ? 1 : 0)) {
      int joiner = alive.get(rnd.nextInt(alive.size()));
      if (!(joiner == 0 && loner)) {
        emit(Op.JOIN, joiner, 0, t, 0);
      }
    }
  }

  private void burst(int t) {
    long base = SCRATCH + 512L * (t % 8);
    int n = 1000 + rnd.nextInt(historySize == 0 ? 3000 : 12000);
    emit(Op.BURST, t, base, n, pc());
  }

  private long pc() {
    return 0x1000 + rnd.nextInt(0x200);
  }

  private long sync() {
    return syncs[rnd.nextInt(syncs.length)];
  }

  private void emit(Op op, int thread, long a, long b, long c) {
    out.add(new Event(op, thread, a, b, c));
  }
}
