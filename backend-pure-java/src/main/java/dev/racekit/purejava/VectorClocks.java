package dev.racekit.purejava;

import java.util.Arrays;

/** Vector clocks as plain {@code long[]} indexed by thread slot; a missing entry is epoch 0. */
final class VectorClocks {
  private VectorClocks() {}

  static long get(long[] clock, int slot) {
    return slot < clock.length ? clock[slot] : 0;
  }

  /** {@code into[i] = max(into[i], from[i])}, growing {@code into} when {@code from} is longer. */
  static long[] join(long[] into, long[] from) {
    long[] out = from.length > into.length ? Arrays.copyOf(into, from.length) : into;
    for (int i = 0; i < from.length; i++) {
      if (from[i] > out[i]) {
        out[i] = from[i];
      }
    }
    return out;
  }
}
