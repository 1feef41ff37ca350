package dev.racekit.cli;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns names given as byte ranges (thread, variable and lock names of an STD trace) into dense ids 0, 1, 2...
 * with no String and no allocation per lookup.
 *
 * <p>Names of up to 7 bytes (the usual {@code T3}, {@code V1234}, {@code L7}) are looked up by a key that packs
 * their bytes and length into one long, which the parser builds while it scans: one probe compares key and id in
 * the same cache line. Longer names go through a table keyed by a hash, compared byte by byte.
 */
final class NameTable {
  /** The longest name that has a packed key. */
  static final int SHORT = 7;

  // short names: pairs (key, id) with open addressing; key 0 = empty (a key is never 0: its top byte is the length)
  private long[] shortTable = new long[2 * 256];
  private int shortMask = 256 - 1;
  private int shortShift = 64 - 8;
  private int shortCount;
  // long names: id + 1 per slot, 0 = empty
  private int[] slots = new int[64];
  private int mask = slots.length - 1;
  private int longCount;
  // every name, by id
  private int[] hashes = new int[64];
  private int[] offsets = new int[64];
  private int[] lengths = new int[64];
  private String[] strings = new String[64];
  private byte[] pool = new byte[1024];
  private int poolLen;
  private int size;

  /** The hash of a long name: {@code h = 31 * h + b} over the bytes, from 0. */
  static int hash(byte[] b, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + b[i];
    }
    return h;
  }

  /**
   * The key of a name of at most {@link #SHORT} bytes, {@code packed} being the bytes shifted in one by one
   * ({@code packed = packed << 8 | (b & 0xff)}).
   */
  static long key(long packed, int length) {
    return packed | ((long) length << 56);
  }

  static long key(byte[] b, int from, int to) {
    long k = 0;
    for (int i = from; i < to; i++) {
      k = (k << 8) | (b[i] & 0xff);
    }
    return key(k, to - from);
  }

  /**
   * The id of the name in {@code b[from, to)}; adds it if new.
   *
   * @param h its {@link #hash} (used for names longer than {@link #SHORT})
   * @param key its {@link #key} (used for names up to {@link #SHORT})
   */
  int intern(byte[] b, int from, int to, int h, long key) {
    if (to - from <= SHORT) {
      long[] t = shortTable;
      int i = shortSlot(key);
      if (t[i] == key) {
        return (int) t[i + 1];
      }
      int id = add(b, from, to - from, h);
      t[i] = key;
      t[i + 1] = id;
      if (++shortCount * 2 > shortMask + 1) {
        rehashShort();
      }
      return id;
    }
    return internLong(b, from, to, h, true);
  }

  /** The id of the name, or -1 when it was never interned. */
  int find(byte[] b, int from, int to, int h, long key) {
    if (to - from <= SHORT) {
      int i = shortSlot(key);
      return shortTable[i] == key ? (int) shortTable[i + 1] : -1;
    }
    return internLong(b, from, to, h, false);
  }

  /** The slot of the short table that holds {@code key}, or the empty slot where it would go (linear probing). */
  private int shortSlot(long key) {
    long[] t = shortTable;
    int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> shortShift) << 1;
    while (t[i] != key && t[i] != 0) {
      i = (i + 2) & (2 * shortMask + 1);
    }
    return i;
  }

  int size() {
    return size;
  }

  String name(int id) {
    String s = strings[id];
    if (s == null) {
      s = new String(pool, offsets[id], lengths[id], StandardCharsets.UTF_8);
      strings[id] = s;
    }
    return s;
  }

  private int internLong(byte[] b, int from, int to, int h, boolean add) {
    int len = to - from;
    int i = spread(h) & mask;
    while (true) {
      int e = slots[i];
      if (e == 0) {
        if (!add) {
          return -1;
        }
        int id = add(b, from, len, h);
        slots[i] = id + 1;
        if (++longCount * 2 > slots.length) {
          rehashLong();
        }
        return id;
      }
      int id = e - 1;
      if (hashes[id] == h && lengths[id] == len && same(pool, offsets[id], b, from, len)) {
        return id;
      }
      i = (i + 1) & mask;
    }
  }

  private static boolean same(byte[] a, int ai, byte[] b, int bi, int len) {
    for (int k = 0; k < len; k++) {
      if (a[ai + k] != b[bi + k]) {
        return false;
      }
    }
    return true;
  }

  private static int spread(int h) {
    return (h * 0x9E3779B9) ^ (h >>> 16);
  }

  private int add(byte[] b, int from, int len, int h) {
    int id = size++;
    if (id == hashes.length) {
      int n = id * 2;
      hashes = Arrays.copyOf(hashes, n);
      offsets = Arrays.copyOf(offsets, n);
      lengths = Arrays.copyOf(lengths, n);
      strings = Arrays.copyOf(strings, n);
    }
    if (poolLen + len > pool.length) {
      pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolLen + len));
    }
    System.arraycopy(b, from, pool, poolLen, len);
    hashes[id] = h;
    offsets[id] = poolLen;
    lengths[id] = len;
    poolLen += len;
    return id;
  }

  private void rehashShort() {
    long[] old = shortTable;
    int slotsCount = (shortMask + 1) * 2;
    shortTable = new long[2 * slotsCount];
    shortMask = slotsCount - 1;
    shortShift--;
    for (int j = 0; j < old.length; j += 2) {
      long key = old[j];
      if (key != 0) {
        int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> shortShift) << 1;
        while (shortTable[i] != 0) {
          i = (i + 2) & (2 * shortMask + 1);
        }
        shortTable[i] = key;
        shortTable[i + 1] = old[j + 1];
      }
    }
  }

  private void rehashLong() {
    slots = new int[slots.length * 2];
    mask = slots.length - 1;
    for (int id = 0; id < size; id++) {
      if (lengths[id] > SHORT) {
        int i = spread(hashes[id]) & mask;
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        slots[i] = id + 1;
      }
    }
  }
}
