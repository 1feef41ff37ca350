package dev.racekit.cli;

/** Number formatting for the summary and the progress bar. */
final class Summary {
  private Summary() {}

  /** 12345678 → "12,345,678" (by hand: String.format would load the locale data, slow in a fresh JVM). */
  static String grouped(long n) {
    String digits = Long.toString(Math.abs(n));
    StringBuilder out = new StringBuilder(digits.length() + 8);
    if (n < 0) {
      out.append('-');
    }
    int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
    out.append(digits, 0, lead);
    for (int i = lead; i < digits.length(); i += 3) {
      out.append(',').append(digits, i, i + 3);
    }
    return out.toString();
  }

  /** {@code value} with {@code decimals} digits after the point, rounded half up. */
  static String fixed(double value, int decimals) {
    long scale = 1;
    for (int i = 0; i < decimals; i++) {
      scale *= 10;
    }
    long v = Math.round(Math.abs(value) * scale);
    StringBuilder out = new StringBuilder();
    if (value < 0 && v != 0) {
      out.append('-');
    }
    out.append(v / scale);
    if (decimals > 0) {
      String frac = Long.toString(v % scale);
      out.append('.');
      for (int i = frac.length(); i < decimals; i++) {
        out.append('0');
      }
      out.append(frac);
    }
    return out.toString();
  }

  /** 12345678 → "12.3M", 4567 → "4.6k", 12 → "12". */
  static String compact(long n) {
    if (n < 1000) {
      return Long.toString(n);
    }
    if (n < 1_000_000) {
      return fixed(n / 1e3, 1) + "k";
    }
    if (n < 1_000_000_000) {
      return fixed(n / 1e6, 1) + "M";
    }
    return fixed(n / 1e9, 1) + "G";
  }

  static String seconds(long nanos) {
    return fixed(nanos / 1e9, 3) + " s";
  }

  static long perSecond(long count, long nanos) {
    return nanos <= 0 ? 0 : (long) (count / (nanos / 1e9));
  }
}
