package dev.racekit.purejava;

import java.util.Arrays;

/**
 * Vector clocks (race-native/src/clock.c) as plain {@code long[]} indexed by thread slot; a missing entry is epoch 0.
 * A clock is replaced, not resized in place, when it grows, so the functions that may grow one return the result.
 */
final class Clock {
  private Clock() {}

  /** rk_clock_get: the entry of {@code slot}, 0 past the end. */
  static long get(long[] clock, int slot) {
    return slot < clock.length ? clock[slot] : 0;
  }

  /** rk_clock_join: {@code into[i] = max(into[i], from[i])}, growing {@code into} when {@code from} is longer. */
  static long[] join(long[] into, long[] from) {
    long[] out = from.length > into.length ? Arrays.copyOf(into, from.length) : into;
    for (int i = 0; i < from.length; i++) {
      if (from[i] > out[i]) {
        out[i] = from[i];
      }
    }
    return out;
  }

  /** rk_clock_assign: what a clock becomes when {@code from} is stored into it, a copy that shares nothing. */
  static long[] assign(long[] from) {
    return from.clone();
  }
}
