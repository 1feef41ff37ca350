package raceworkloads;

import java.util.Locale;

/**
 * What every workload shares: the size argument and the result line. Each workload prints exactly one line
 * {@code <name> checksum=<n>}, and the checksum does not depend on scheduling, so runs with and without the agent
 * must print the same one.
 */
final class Workload {
  private Workload() {}

  /**
   * The size factor from {@code args[0]}: {@code small} (a tenth, for checking the harness), {@code default} (about
   * 1-2 s without the agent on a 2-core machine), {@code large} (3x), or a number.
   */
  static double scale(String[] args) {
    String s = args.length == 0 ? "default" : args[0];
    return switch (s) {
      case "small" -> 0.1;
      case "default" -> 1.0;
      case "large" -> 3.0;
      default -> {
        try {
          yield Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("size must be small, default, large or a number, not '" + s + "'");
        }
      }
    };
  }

  static int scaled(int base, double scale) {
    return Math.max(1, (int) Math.round(base * scale));
  }

  static void result(Class<?> workload, long checksum) {
    System.out.println(String.format(Locale.ROOT, "%s checksum=%d", workload.getSimpleName(), checksum));
  }

  /** A small deterministic generator (SplitMix64), so every run sees the same input. */
  static final class Random64 {
    private long state;

    Random64(long seed) {
      state = seed;
    }

    long next() {
      long z = (state += 0x9E3779B97F4A7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    int nextInt(int bound) {
      return (int) Math.floorMod(next(), (long) bound);
    }
  }
}
