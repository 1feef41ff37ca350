package dev.racekit.agent.instrument;

/** Exceptions that leave methods through their calls; rewritten, it must verify and throw what the original throws. */
public class ThrowingSample {
  static int created;
  final int value;

  public ThrowingSample(int value) {
    this.value = check(value); // throws after super(): the constructor's handler covers it
    created++;
  }

  static int check(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("negative " + v);
    }
    return v;
  }

  public synchronized int twice() {
    return check(value - 10) * 2;
  }

  public static int parse(String s) {
    int n = 0;
    for (char c : s.toCharArray()) {
      n = n * 10 + digit(c);
    }
    return n;
  }

  static int digit(char c) {
    if (c < '0' || c > '9') {
      throw new NumberFormatException("not a digit: " + c);
    }
    return c - '0';
  }
}
