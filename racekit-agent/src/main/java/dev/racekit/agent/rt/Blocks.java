package dev.racekit.agent.rt;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.PhantomReference;
import java.lang.reflect.Array;

/**
 * Synthetic address blocks for objects, arrays and classes (statics), recycled once their object is collected, so that
 * shadow memory follows live objects. An object of a class that has the agent's field keeps its block there
 * ({@link #lookupByField}); every other object is found again through an identity table of phantom references ({@link #lookup}).
 *
 * <p>Addresses: one mapped region per power-of-two size class (16 B .. 2 GiB), one after the other from {@link #BASE}:
 * {@link #REGION} bytes each, or four blocks where that is more (the 1 GiB and 2 GiB classes); together they are the
 * largest range one {@code mapShadow} takes. A block is the object's sync word followed by its fields (8 bytes each) or
 * array elements (their Java size). Larger arrays (over 2 GiB of elements: a {@code long[]} of more than 2^28) are
 * clipped to 2 GiB: elements past the end go untracked. A size class whose region is full hands out no more blocks
 * (0: untracked, counted).
 */
final class Blocks {
  static final long BASE = 0x0000_1000_0000_0000L;
  static final int MIN_SHIFT = 4;
  static final int MAX_SHIFT = 31;
  static final long REGION = 1L << 31;
  /** The classes up to this one have regions of {@link #REGION} bytes; the larger ones, of four blocks each. */
  private static final int LAST_UNIFORM_SHIFT = 29;
  private static final long UNIFORM_END = REGION * (LAST_UNIFORM_SHIFT - MIN_SHIFT + 1);
  static final long MAPPED_SIZE = regionStart(MAX_SHIFT + 1) - BASE;
  private static final int STRIPES = 64;
  /**
   * A new block from this size class up (32 KiB, 64 KiB of shadow) is declared fresh before it is handed out, though
   * its shadow was never used: the detector then makes that shadow resident in one step, instead of two page faults,
   * a copy of the zero page and a TLB flush on every CPU for each of its pages as the program fills a new large
   * array. (Smaller blocks share shadow pages, and declaring each one fresh would cost more than it saves.)
   */
  static final int PREPARE_SHIFT = 15;

  /**
   * One tracked object, held by a phantom reference so that the block is recycled when the object is gone: a weak
   * one is cleared as soon as the object is only reachable by its finalizer, and the block went to another object
   * (its shadow and sync clock cleared) before {@code finalize()} had run on it.
   */
  static final class Ref extends PhantomReference<Object> {
    final int hash;
    final long block;
    final int shift;

    Ref(Object o, int hash, long block, int shift, ReferenceQueue<Object> q) {
      super(o, q);
      this.hash = hash;
      this.block = block;
      this.shift = shift;
    }
  }

  /** Per size class: bump pointer, free list, and what each block holds (for location lines). */
  private static final class SizeClass {
    final int shift;
    final long start;
    long next;
    long[] free = new long[64];
    int freeCount;
    Object[] info = new Object[64];
    /** The phantom reference that frees each block of an object that keeps its block in its own field (else null). */
    Ref[] owners = new Ref[64];

    final long end;

    SizeClass(int shift) {
      this.shift = shift;
      this.start = regionStart(shift);
      this.end = regionStart(shift + 1);
      this.next = start;
    }

    /** The index, in this class's per-block arrays, of the block holding {@code addr} (a block's base or inside it). */
    int indexOf(long addr) {
      return (int) ((addr - start) >>> shift);
    }
  }

  /** A class's statics block (a {@code Class} object's block). */
  record Statics(Class<?> type) {}

  private final SizeClass[] classes = new SizeClass[MAX_SHIFT - MIN_SHIFT + 1];
  private final Object[] stripeLocks = new Object[STRIPES];
  /**
   * Per stripe, an open-addressing table: the identity hashes in their own array, so that a probe reads one int per
   * slot and touches a {@link Ref} only on a hash match. Replaced whole on rehash; 0 marks an empty slot (a hash
   * of 0, which HotSpot never hands out, is looked up as 1).
   */
  private static final class Table {
    final int[] hashes;
    final Ref[] refs;

    Table(int capacity) {
      hashes = new int[capacity];
      refs = new Ref[capacity];
    }
  }

  private final Table[] tables = new Table[STRIPES];
  private final int[] used = new int[STRIPES];
  private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
  private long exhausted;
  private long recycled;
  private long allocated;

  Blocks() {
    for (int i = 0; i < classes.length; i++) {
      classes[i] = new SizeClass(MIN_SHIFT + i);
    }
    for (int i = 0; i < STRIPES; i++) {
      stripeLocks[i] = new Object();
      tables[i] = new Table(64);
    }
  }

  /**
   * Declares a block fresh in the detector (its shadow and sync clock cleared): done when its object has died and
   * before the block goes back on a free list, so no thread can find the block again until its shadow is clean.
   * (Clearing at reuse instead, after the block was published in the table, could wipe the first access another
   * thread made to the new object and hide a race.)
   */
  interface Reset {
    void fresh(long block, long size);
  }

  /** The result of a lookup: the block, its size, and whether it was recycled (its shadow was cleared when freed). */
  static final class Found {
    long block;
    int shift;
    boolean recycled;
    /** Where this thread collects the references it takes off the queue ({@link #drainQueue(Reset, Ref[])}). */
    final Ref[] drained = new Ref[DRAIN_BATCH];
  }

  /** References taken off the queue at once: their blocks go back to a size class under one lock. */
  static final int DRAIN_BATCH = 64;
  /** At most this many per call, so that one lookup never pays for a whole collection's worth of dead objects. */
  private static final int DRAIN_LIMIT = 256;

  /** Finds or assigns the block of {@code o}; {@code out.block} is 0 when no block could be assigned. */
  void lookup(Object o, Found out) {
    lookup(o, System.identityHashCode(o), out, null);
  }

  /** {@link #lookup(Object, Found)} with the object's identity hash already known. */
  void lookup(Object o, int h, Found out, Reset reset) {
    h = h == 0 ? 1 : h;
    int stripe = (h ^ (h >>> 16)) & (STRIPES - 1);
    // Lock-free first: a table or entry not yet visible here is only a miss, and the locked path below finds it.
    Ref r = find(stripe, o, h);
    if (r != null) {
      out.block = r.block;
      out.shift = r.shift;
      out.recycled = false;
      return;
    }
    drainQueue(reset, out.drained);
    long size = sizeOf(o);
    int shift = shiftFor(size);
    Object info = o instanceof Class<?> c ? new Statics(c) : o.getClass();
    synchronized (stripeLocks[stripe]) {
      r = find(stripe, o, h);
      if (r != null) {
        out.block = r.block;
        out.shift = r.shift;
        out.recycled = false;
        return;
      }
      allocate(shift, size, info, out, reset, null, h);
      if (out.block != 0) {
        insert(stripe, new Ref(o, h, out.block, shift, queue));
      }
    }
  }

  /**
   * {@link #lookup(Object, int, Found, Reset)} for an object that keeps its block in the agent's field at
   * {@code offset} ({@link BlockField}): one load when it has one; else a new block, stored with a compare-and-swap
   * (a thread that loses gives its block back and takes the winner's) and freed through a phantom reference held by its
   * size class, with no table entry.
   */
  void lookupByField(Object o, int h, long offset, Found out, Reset reset) {
    long raw = BlockField.raw(o, offset);
    long b = BlockField.decode(raw, h);
    if (b != 0) {
      out.block = b;
      out.shift = shiftOf(b);
      out.recycled = false;
      return;
    }
    drainQueue(reset, out.drained);
    long size = sizeOf(o);
    allocate(shiftFor(size), size, o.getClass(), out, reset, o, h);
    if (out.block == 0 || BlockField.store(o, offset, raw, h, out.block)) {
      return;
    }
    giveBack(out.block, out.shift);
    b = BlockField.decode(BlockField.raw(o, offset), h);
    out.block = b; // 0 (untracked this once) only when something other than a thread of the agent wrote it
    out.shift = b == 0 ? 0 : shiftOf(b);
    out.recycled = false;
  }

  private static int shiftFor(long size) {
    return Math.min(Math.max(MIN_SHIFT, 64 - Long.numberOfLeadingZeros(size - 1)), MAX_SHIFT);
  }

  /** The size class of a block, from the region it lies in. */
  static int shiftOf(long block) {
    long offset = block - BASE;
    if (offset < UNIFORM_END) {
      return MIN_SHIFT + (int) (offset >>> 31);
    }
    int shift = LAST_UNIFORM_SHIFT + 1;
    while (shift < MAX_SHIFT && block >= regionStart(shift + 1)) {
      shift++;
    }
    return shift;
  }

  /** Where the region of the class of {@code shift} starts ({@code MAX_SHIFT + 1}: the end of the last one). */
  static long regionStart(int shift) {
    long start = BASE + REGION * (Math.min(shift, LAST_UNIFORM_SHIFT + 1) - MIN_SHIFT);
    for (int s = LAST_UNIFORM_SHIFT + 1; s < shift; s++) {
      start += 4L << s;
    }
    return start;
  }

  /** A block that {@link #lookupByField} took but did not store: never used, so it goes back as it is. */
  private void giveBack(long block, int shift) {
    SizeClass sc = classes[shift - MIN_SHIFT];
    synchronized (sc) {
      int index = sc.indexOf(block);
      Ref r = sc.owners[index];
      if (r != null) {
        r.clear(); // a cleared reference is never enqueued: the block is not freed twice
        sc.owners[index] = null;
      }
      pushFree(sc, block);
    }
  }

  private static void pushFree(SizeClass sc, long block) {
    if (sc.freeCount == sc.free.length) {
      sc.free = java.util.Arrays.copyOf(sc.free, sc.free.length * 2);
    }
    sc.free[sc.freeCount++] = block;
  }

  private static long sizeOf(Object o) {
    if (o instanceof Class<?> c) {
      return 8 + 8L * Layout.of(c).staticCount();
    }
    Class<?> type = o.getClass();
    if (type.isArray()) {
      long bytes = (long) Array.getLength(o) * elementSize(type.getComponentType());
      return 8 + ((bytes + 7) & ~7L);
    }
    return 8 + 8L * Layout.of(type).instanceCount();
  }

  static int elementSize(Class<?> component) {
    if (!component.isPrimitive()) {
      return 8; // a reference element is one word of the program's view, whatever the VM stores
    }
    if (component == long.class || component == double.class) {
      return 8;
    }
    if (component == int.class || component == float.class) {
      return 4;
    }
    if (component == short.class || component == char.class) {
      return 2;
    }
    return 1;
  }

  /**
   * Takes a block of {@code 1 << shift} bytes for an object of {@code size}; with {@code owner}, also the phantom
   * reference that frees it once {@code owner} dies, held in the size class (an object with a table entry has its
   * reference held by the table).
   */
  private void allocate(int shift, long size, Object info, Found out, Reset reset, Object owner, int hash) {
    SizeClass sc = classes[shift - MIN_SHIFT];
    synchronized (sc) {
      long block;
      if (sc.freeCount > 0) {
        block = sc.free[--sc.freeCount];
        out.recycled = true;
        recycled++;
      } else if (sc.next + (1L << shift) <= sc.end) {
        block = sc.next;
        sc.next += 1L << shift;
        out.recycled = false;
        if (reset != null && shift >= PREPARE_SHIFT) {
          reset.fresh(block, Math.min(size, 1L << shift)); // no other thread can find the block yet
        }
      } else {
        exhausted++;
        out.block = 0;
        return;
      }
      allocated++;
      int index = sc.indexOf(block);
      if (index >= sc.info.length) {
        sc.info = java.util.Arrays.copyOf(sc.info, Math.max(index + 1, sc.info.length * 2));
      }
      sc.info[index] = info;
      if (owner != null) {
        if (index >= sc.owners.length) {
          sc.owners = java.util.Arrays.copyOf(sc.owners, Math.max(index + 1, sc.owners.length * 2));
        }
        sc.owners[index] = new Ref(owner, hash, block, shift, queue);
      }
      out.block = block;
      out.shift = shift;
    }
  }

  private Ref find(int stripe, Object o, int h) {
    Table t = tables[stripe];
    int[] hashes = t.hashes;
    int mask = hashes.length - 1;
    for (int i = (h * 0x9E3779B1) >>> 7 & mask; ; i = (i + 1) & mask) {
      int x = hashes[i];
      if (x == 0) {
        return null;
      }
      if (x == h) {
        Ref r = t.refs[i];
        if (r != null && r.refersTo(o)) { // refersTo: no keep-alive barrier, unlike get()
          return r;
        }
      }
    }
  }

  private void insert(int stripe, Ref ref) {
    Table t = tables[stripe];
    if ((used[stripe] + 1) * 2 > t.hashes.length) {
      t = rehash(stripe);
    }
    int mask = t.hashes.length - 1;
    int i = (ref.hash * 0x9E3779B1) >>> 7 & mask;
    while (t.hashes[i] != 0) {
      i = (i + 1) & mask;
    }
    t.refs[i] = ref; // before the hash: a lock-free reader that sees the hash finds the entry, or a miss
    t.hashes[i] = ref.hash;
    used[stripe]++;
  }

  /** Rebuilds a stripe's table without the entries whose object was collected (their blocks are freed by the queue). */
  private Table rehash(int stripe) {
    Ref[] old = tables[stripe].refs;
    int live = 0;
    for (Ref r : old) {
      if (r != null && !r.refersTo(null)) {
        live++;
      }
    }
    int cap = old.length;
    while (live * 4 > cap) {
      cap *= 2;
    }
    while (cap > 64 && live * 16 < cap) {
      cap /= 2;
    }
    Table t = new Table(cap);
    int mask = cap - 1;
    for (Ref r : old) {
      if (r != null && !r.refersTo(null)) {
        int i = (r.hash * 0x9E3779B1) >>> 7 & mask;
        while (t.hashes[i] != 0) {
          i = (i + 1) & mask;
        }
        t.refs[i] = r;
        t.hashes[i] = r.hash;
      }
    }
    tables[stripe] = t;
    used[stripe] = live;
    return t;
  }

  /** Returns the blocks of collected objects to their size class's free list. */
  void drainQueue() {
    drainQueue(null, new Ref[DRAIN_BATCH]);
  }

  /**
   * {@link #drainQueue()}, declaring each block fresh through {@code reset} (when not null) before it is freed, with
   * {@code batch} as room for the references taken: a run of blocks of one size class goes back under one lock (a
   * program that makes short-lived objects on several threads frees as many blocks as it takes).
   */
  void drainQueue(Reset reset, Ref[] batch) {
    for (int taken = 0; taken < DRAIN_LIMIT; ) {
      int n = 0;
      while (n < batch.length) {
        Ref r = (Ref) queue.poll();
        if (r == null) {
          break;
        }
        batch[n++] = r;
      }
      if (n == 0) {
        return;
      }
      taken += n;
      if (reset != null) {
        for (int i = 0; i < n; i++) {
          reset.fresh(batch[i].block, 1L << batch[i].shift);
        }
      }
      for (int i = 0; i < n; ) {
        SizeClass sc = classes[batch[i].shift - MIN_SHIFT];
        synchronized (sc) {
          for (; i < n && batch[i].shift == sc.shift; i++) {
            Ref r = batch[i];
            batch[i] = null; // the batch must not keep references (and their blocks) reachable
            int index = sc.indexOf(r.block);
            if (index < sc.owners.length && sc.owners[index] == r) {
              sc.owners[index] = null;
            }
            pushFree(sc, r.block);
          }
        }
      }
      if (n < batch.length) {
        return;
      }
    }
  }

  /** What the block holding {@code addr} belongs to (a {@code Class} or {@link Statics}) and the block's base, or null. */
  Object infoAt(long addr, long[] blockOut) {
    if (addr < BASE || addr >= BASE + MAPPED_SIZE) {
      return null;
    }
    SizeClass sc = classes[shiftOf(addr) - MIN_SHIFT];
    synchronized (sc) {
      int index = sc.indexOf(addr);
      if (index >= sc.info.length) {
        return null;
      }
      blockOut[0] = sc.start + ((long) index << sc.shift);
      return sc.info[index];
    }
  }

  synchronized String stats() {
    return "blocks allocated=" + allocated + " recycled=" + recycled + " refused=" + exhausted;
  }

  /** Blocks handed out since start (fresh and recycled); for tests. */
  long allocatedCount() {
    synchronized (this) {
      return allocated;
    }
  }

  /** Blocks currently handed out in the size class of {@code shift}, live or awaiting the reference queue; for tests. */
  long footprint(int shift) {
    SizeClass sc = classes[shift - MIN_SHIFT];
    synchronized (sc) {
      return ((sc.next - sc.start) >>> shift) - sc.freeCount;
    }
  }
}
