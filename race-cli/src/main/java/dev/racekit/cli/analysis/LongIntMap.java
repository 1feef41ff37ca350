package dev.racekit.cli.analysis;

/** An open-addressing map from long keys to dense int ids (0, 1, 2, ... in order of first appearance), no boxing. */
final class LongIntMap {
  private long[] keys = new long[1024];
  private int[] values = new int[1024];
  private boolean[] used = new boolean[1024];
  private int mask = keys.length - 1;
  private int size;

  int size() {
    return size;
  }

  /** The id of {@code k}, or -1 when it has none. */
  int find(long k) {
    int i = slot(k);
    return used[i] ? values[i] : -1;
  }

  /** The id of {@code k}, given the next free id when it has none. */
  int intern(long k) {
    int i = slot(k);
    if (used[i]) {
      return values[i];
    }
    int id = size++;
    used[i] = true;
    keys[i] = k;
    values[i] = id;
    if (size * 2 > keys.length) {
      grow();
    }
    return id;
  }

  private void grow() {
    long[] ok = keys;
    int[] ov = values;
    boolean[] ou = used;
    int n = ok.length * 2;
    keys = new long[n];
    values = new int[n];
    used = new boolean[n];
    mask = n - 1;
    for (int j = 0; j < ok.length; j++) {
      if (ou[j]) {
        int i = mix(ok[j]) & mask;
        while (used[i]) {
          i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = ok[j];
        values[i] = ov[j];
      }
    }
  }

  /** The slot that holds {@code k}, or the free slot where it would go (linear probing). */
  private int slot(long k) {
    int i = mix(k) & mask;
    while (used[i] && keys[i] != k) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private static int mix(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29));
  }

  /** Receives a key and its id. */
  interface Visitor {
    void visit(long key, int id);
  }

  /** Visits every key in {@code [from, to)} (unsigned), in no particular order. */
  void forEachInRange(long from, long to, Visitor v) {
    for (int i = 0; i < keys.length; i++) {
      if (used[i] && Long.compareUnsigned(keys[i], from) >= 0 && Long.compareUnsigned(keys[i], to) < 0) {
        v.visit(keys[i], values[i]);
      }
    }
  }
}
