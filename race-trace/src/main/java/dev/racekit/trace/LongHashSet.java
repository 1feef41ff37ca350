package dev.racekit.trace;

import java.util.Arrays;

/**
 * A set of longs for the distinct pcs or locations of a trace, with no boxing: values below 2^24 (the small code locations of
 * traces and interpreters) in a bit set, whose few touched words stay in cache; the others in an open-addressing
 * table.
 */
public final class LongHashSet {
  private static final long BIT_LIMIT = 1L << 24;
  private long[] bits = new long[64];
  private int bitCount;
  private long[] keys = new long[256];
  private int mask = keys.length - 1;
  private int size;

  /** An empty set. */
  public LongHashSet() {}

  /** @return whether {@code k} was new */
  public boolean add(long k) {
    if (Long.compareUnsigned(k, BIT_LIMIT) < 0) {
      int w = (int) (k >>> 6);
      long[] bs = bits;
      if (w >= bs.length) {
        bs = bits = Arrays.copyOf(bs, Math.max(w + 1, bs.length * 2));
      }
      long old = bs[w];
      long m = 1L << k;
      if ((old & m) != 0) {
        return false;
      }
      bs[w] = old | m;
      bitCount++;
      return true;
    }
    long[] t = keys;
    int i = mix(k) & mask;
    while (true) {
      long c = t[i];
      if (c == k) {
        return false;
      }
      if (c == 0) {
        t[i] = k;
        if (++size * 2 > t.length) {
          grow();
        }
        return true;
      }
      i = (i + 1) & mask;
    }
  }

  public int size() {
    return bitCount + size;
  }

  /** The elements in ascending unsigned order. */
  public long[] toSortedArray() {
    long[] out = new long[size()];
    int n = 0;
    for (int w = 0; w < bits.length; w++) {
      long word = bits[w];
      while (word != 0) {
        out[n++] = ((long) w << 6) + Long.numberOfTrailingZeros(word);
        word &= word - 1;
      }
    }
    int from = n;
    for (long k : keys) {
      if (k != 0) {
        out[n++] = k;
      }
    }
    // the table's values are all >= 2^24 unsigned: sort them unsigned (flip the sign bit, sort, flip back)
    for (int i = from; i < n; i++) {
      out[i] ^= Long.MIN_VALUE;
    }
    Arrays.sort(out, from, n);
    for (int i = from; i < n; i++) {
      out[i] ^= Long.MIN_VALUE;
    }
    return out;
  }

  private static int mix(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private void grow() {
    long[] old = keys;
    keys = new long[old.length * 2];
    mask = keys.length - 1;
    for (long k : old) {
      if (k != 0) {
        int i = mix(k) & mask;
        while (keys[i] != 0) {
          i = (i + 1) & mask;
        }
        keys[i] = k;
      }
    }
  }
}
