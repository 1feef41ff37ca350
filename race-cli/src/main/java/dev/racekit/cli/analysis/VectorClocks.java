package dev.racekit.cli.analysis;

import java.util.Arrays;

/** Vector-clock operations on {@code int[]} indexed by thread; a shorter vector has zeros past its end. */
final class VectorClocks {
  private VectorClocks() {}

  /** {@code into := into ⊔ from}; {@code into} is at least as long as {@code from}. */
  static void join(int[] into, int[] from) {
    for (int i = 0; i < from.length; i++) {
      int v = from[i];
      if (v > into[i]) {
        into[i] = v;
      }
    }
  }

  /** {@code a ⊑ b} with {@code b} at least as long as {@code a}. */
  static boolean leq(int[] a, int[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] > b[i]) {
        return false;
      }
    }
    return true;
  }

  /** A copy of {@code from} in {@code reuse} when it has the same length, else in a new array. */
  static int[] copy(int[] from, int[] reuse) {
    if (reuse == null || reuse.length != from.length) {
      return from.clone();
    }
    System.arraycopy(from, 0, reuse, 0, from.length);
    return reuse;
  }

  /** {@code rows} with each row widened to {@code n} (rows that are null stay null). */
  static void widenAll(int[][] rows, int n) {
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] != null && rows[i].length < n) {
        rows[i] = Arrays.copyOf(rows[i], n);
      }
    }
  }
}
