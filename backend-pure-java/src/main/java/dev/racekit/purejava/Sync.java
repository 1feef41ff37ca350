package dev.racekit.purejava;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sync objects by address (race-native/src/sync.c). An object's clock is never written once published: a release
 * publishes a new copy with a release store (a merge swaps its copy in with a compare-and-set, and tries again when
 * another release came first), and an acquire reads the current one with an acquire load. Neither takes a lock, so
 * threads synchronizing on one object do not serialize on it, and there is no global lock.
 */
final class Sync {
  /** One sync object (rk_sync_var): the clock released into it. */
  static final class Var {
    private static final VarHandle CLOCK;

    static {
      try {
        CLOCK = MethodHandles.lookup().findVarHandle(Var.class, "clock", long[].class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private long[] clock = new long[0];

    /** The clock last published; its entries are never written again. */
    long[] clock() {
      return (long[]) CLOCK.getAcquire(this);
    }

    /** Publishes {@code fresh}, which no other thread has seen. */
    void publish(long[] fresh) {
      CLOCK.setRelease(this, fresh);
    }

    /** Publishes {@code fresh} if the clock is still {@code seen}. */
    boolean publish(long[] seen, long[] fresh) {
      return CLOCK.compareAndSet(this, seen, fresh);
    }
  }

  /**
   * The sync objects of one 8-byte word, by byte (rk_sync_table keeps a word's objects in one chain, too), so that
   * forgetting a range looks up each word once, not each byte. Slots change under this object's monitor; a word with
   * none left is taken out of the map and marked dead, and a release that finds a dead word looks again.
   */
  static final class Word {
    /** Reads of {@link #vars} without the monitor: acquire loads, paired with the release stores made under it. */
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Var[].class);

    final long index;
    final Var[] vars = new Var[8];
    int live;
    boolean dead;

    Word(long index) {
      this.index = index;
    }

    Var get(int slot) {
      return (Var) SLOT.getAcquire(vars, slot);
    }

    void set(int slot, Var v) {
      SLOT.setRelease(vars, slot, v);
    }
  }

  /**
   * The words by their index ({@code addr >>> 3}) mixed: {@code Long.hashCode} of aligned addresses (an agent's
   * blocks are 16 bytes to 2 GiB apart) would fill a fraction of the map's bins, which then turn into trees.
   */
  private final ConcurrentHashMap<Long, Word> words = new ConcurrentHashMap<>();
  /** How many objects there are (rk_sync_count). */
  private final AtomicLong total = new AtomicLong();

  /** splitmix64's finalizer, as sync.c's mix: a bijection, so two words never share a key. */
  static long mix(long x) {
    x ^= x >>> 30;
    x *= 0xbf58476d1ce4e5b9L;
    x ^= x >>> 27;
    x *= 0x94d049bb133111ebL;
    return x ^ (x >>> 31);
  }

  private static Long keyOfWord(long word) {
    return mix(word);
  }

  /** Bytes per address block counted in one group (rk_sync_table's groups). */
  static final int BLOCK_SHIFT = 9;
  static final int GROUPS = 8192;
  /**
   * How many objects lie in each group of address blocks (blocks hashed into {@link #GROUPS}): a range whose groups
   * all count zero holds no object, and forgetting it (every malloc and free) looks up nothing. A count is raised
   * before its object is added and lowered after it is removed.
   */
  private final AtomicIntegerArray groups = new AtomicIntegerArray(GROUPS);

  private static int groupOf(long addr) {
    return (int) mix(addr >>> BLOCK_SHIFT) & (GROUPS - 1);
  }

  /**
   * rk_sync_acquire: {@code threadClock} joined with the clock released into {@code addr}; {@code threadClock} itself
   * when nothing was ever released there.
   */
  long[] acquire(long addr, long[] threadClock) {
    Var v = find(addr);
    if (v == null) {
      return threadClock;
    }
    return Clock.join(threadClock, v.clock());
  }

  private Var find(long addr) {
    Word w = words.get(keyOfWord(addr >>> 3));
    return w == null ? null : w.get((int) addr & 7);
  }

  /**
   * rk_sync_release: stores a copy of {@code threadClock} into the object at {@code addr}, or joins it into what is
   * there when {@code merge}. A new object holds the empty clock, so both leave it a copy of the thread's clock.
   */
  void release(long addr, long[] threadClock, boolean merge) {
    Var v = find(addr);
    if (v == null) {
      v = add(addr);
    }
    if (!merge) {
      v.publish(Clock.assign(threadClock));
      return;
    }
    while (true) {
      long[] seen = v.clock();
      if (v.publish(seen, Clock.join(seen.clone(), threadClock))) {
        return;
      }
    }
  }

  /** The object at {@code addr}, made if there is none; its group counted before any other thread can find it. */
  private Var add(long addr) {
    long index = addr >>> 3;
    Long key = keyOfWord(index);
    int slot = (int) addr & 7;
    while (true) {
      Word w = words.computeIfAbsent(key, k -> new Word(index));
      synchronized (w) {
        if (w.dead) {
          continue; // emptied and taken out meanwhile: look again
        }
        Var v = w.get(slot);
        if (v == null) {
          groups.incrementAndGet(groupOf(addr));
          v = new Var();
          w.set(slot, v);
          w.live++;
          total.incrementAndGet();
        }
        return v;
      }
    }
  }

  /** The clock released into {@code addr}, or null; for tests. */
  long[] clockOf(long addr) {
    Var v = find(addr);
    if (v == null) {
      return null;
    }
    return v.clock();
  }

  /**
   * rk_sync_remove_range: forgets the sync objects inside {@code [addr, addr + len)}, at the cost of the smaller of
   * its words and the table.
   */
  void removeRange(long addr, long len) {
    if (len == 0 || total.get() == 0 || !mayHold(addr, len)) {
      return;
    }
    long last = addr + (len - 1); // inclusive: a range may end at the top
    long firstWord = addr >>> 3;
    long lastWord = last >>> 3;
    if (Long.compareUnsigned(lastWord - firstWord, words.size()) < 0) {
      for (long word = firstWord; ; word++) {
        Word w = words.get(keyOfWord(word));
        if (w != null) {
          removeIn(w, addr, last);
        }
        if (word == lastWord) {
          return;
        }
      }
    }
    for (Word w : words.values()) {
      if (Long.compareUnsigned(w.index - firstWord, lastWord - firstWord) <= 0) {
        removeIn(w, addr, last);
      }
    }
  }

  /** Forgets the objects of word {@code w} inside {@code [addr, last]}; takes the word out once it has none. */
  private void removeIn(Word w, long addr, long last) {
    synchronized (w) {
      if (w.dead) {
        return;
      }
      for (int i = 0; i < 8; i++) {
        long a = (w.index << 3) + i;
        if (Long.compareUnsigned(a - addr, last - addr) <= 0 && w.get(i) != null) {
          w.set(i, null);
          w.live--;
          total.decrementAndGet();
          groups.decrementAndGet(groupOf(a)); // after it was removed
        }
      }
      if (w.live == 0) {
        w.dead = true;
        words.remove(keyOfWord(w.index), w);
      }
    }
  }

  /** Whether an object may lie in {@code [addr, addr + len)}: a range of few blocks whose groups all count zero holds none. */
  private boolean mayHold(long addr, long len) {
    long first = addr >>> BLOCK_SHIFT;
    long blocks = ((addr + (len - 1)) >>> BLOCK_SHIFT) - first + 1;
    if (blocks > 64) {
      return true; // not worth the loads: the walk costs more anyway
    }
    for (long i = 0; i < blocks; i++) {
      if (groups.get(groupOf((first + i) << BLOCK_SHIFT)) != 0) {
        return true;
      }
    }
    return false;
  }

  /** The sum of the group counts; for tests (equal to {@link #count()} when no thread is changing the table). */
  long groupSum() {
    long sum = 0;
    for (int i = 0; i < GROUPS; i++) {
      sum += groups.get(i);
    }
    return sum;
  }

  /** rk_sync_count. */
  int count() {
    return (int) total.get();
  }

  /** rk_sync_destroy: at close, every object goes. */
  void destroy() {
    words.clear();
    total.set(0);
    for (int i = 0; i < GROUPS; i++) {
      groups.set(i, 0);
    }
  }
}
