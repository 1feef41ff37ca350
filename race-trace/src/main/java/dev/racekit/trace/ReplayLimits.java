package dev.racekit.trace;

/**
 * What a trace may make a replay allocate, in proportion to the trace's size: a few bytes of trace must not claim
 * gigabytes of shadow memory or thousands of live threads (each with its history ring). The limits are given in
 * {@code docs/trace-format.md}; a trace that exceeds one is refused with a message that names it.
 *
 * @param maxMappedBytes the most bytes that the trace's {@code mapShadow} ranges may cover in total (the shadow memory
 *     a replay can touch is a fixed multiple of the mapped bytes)
 * @param maxLiveThreads the most threads that may be alive at once, main included
 */
public record ReplayLimits(long maxMappedBytes, int maxLiveThreads) {
  /** Mapped bytes any trace may claim. */
  public static final long BASE_MAPPED_BYTES = 16L << 20;
  /** Further mapped bytes per byte of trace. */
  public static final long MAPPED_BYTES_PER_TRACE_BYTE = 64;
  /** Live threads any trace may have at the default {@code history_size} (1). */
  public static final int BASE_LIVE_THREADS = 256;
  /** Bytes of trace per further live thread at the default {@code history_size}. */
  public static final int TRACE_BYTES_PER_LIVE_THREAD = 128;
  /** Live threads allowed whatever the size and history size. */
  public static final int MIN_LIVE_THREADS = 16;

  /** No limit: for traces that are trusted. */
  public static final ReplayLimits NONE = new ReplayLimits(Long.MAX_VALUE, Integer.MAX_VALUE);

  public ReplayLimits {
    if (maxMappedBytes < 0 || maxLiveThreads < 1) {
      throw new IllegalArgumentException("racekit: replay limits must be positive");
    }
  }

  /**
   * The limits for a trace of {@code traceBytes} bytes replayed with {@code historySize}: mapped bytes 16 MiB + 64
   * per trace byte; live threads 256 + one per 128 trace bytes, halved for each {@code history_size} step above 1
   * (each step doubles a thread's history ring), and never fewer than 16.
   */
  public static ReplayLimits forTrace(long traceBytes, int historySize) {
    long size = Math.max(0, traceBytes);
    long mapped = saturatedAdd(BASE_MAPPED_BYTES, saturatedMultiply(size, MAPPED_BYTES_PER_TRACE_BYTE));
    long threads = BASE_LIVE_THREADS + size / TRACE_BYTES_PER_LIVE_THREAD;
    threads >>= Math.max(0, Math.min(historySize, 7) - 1);
    return new ReplayLimits(mapped, (int) Math.max(MIN_LIVE_THREADS, Math.min(threads, Integer.MAX_VALUE)));
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }

  private static long saturatedMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
  }
}
