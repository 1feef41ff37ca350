package dev.racekit.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on standard error for long replays: drawn only when standard error is a terminal, only
 * once the replay has run for a while, and at most ten times a second; erased at the end.
 */
final class ProgressBar {
  static final long DEFAULT_DELAY_NANOS = 1_000_000_000L;
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int WIDTH = 30;

  private final PrintStream err;
  private final long start = System.nanoTime();
  private final long delayNanos;
  private long lastDraw;
  private boolean drawn;

  ProgressBar(PrintStream err, long delayNanos) {
    this.err = err;
    this.delayNanos = delayNanos;
  }

  void update(long done, long total, long events) {
    long now = System.nanoTime();
    if (now - start < delayNanos || (drawn && now - lastDraw < REDRAW_NANOS)) {
      return;
    }
    lastDraw = now;
    drawn = true;
    double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
    int filled = (int) (fraction * WIDTH);
    StringBuilder bar = new StringBuilder(80).append("\r[");
    for (int i = 0; i < WIDTH; i++) {
      bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
    }
    double seconds = (now - start) / 1e9;
    int percent = (int) (fraction * 100);
    bar.append("] ").append(percent < 10 ? "  " : percent < 100 ? " " : "").append(percent).append("%  ")
        .append(Summary.compact(events)).append(" events  ")
        .append(Summary.compact((long) (events / Math.max(seconds, 1e-9)))).append(" events/s ");
    err.print(bar);
    err.flush();
  }

  /** Erases the bar, if one was drawn. */
  void finish() {
    if (drawn) {
      err.print("\r" + " ".repeat(WIDTH + 50) + "\r");
      err.flush();
      drawn = false;
    }
  }
}
