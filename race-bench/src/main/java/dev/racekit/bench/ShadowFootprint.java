package dev.racekit.bench;

import dev.racekit.RaceDetector;
import dev.racekit.RaceThread;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Measures shadow memory per touched application byte: maps a range, writes every 8-byte word of N MiB of it once,
 * and prints the growth of memory divided by N MiB.
 *
 * <p>The Java backend keeps its shadow on the heap, so its growth is the used heap after a full GC. The native
 * backends keep it outside the heap, so theirs is the growth of the process's resident set ({@code VmRSS} in
 * {@code /proc/self/status}); run with {@code -Xms} = {@code -Xmx} and {@code -XX:+AlwaysPreTouch} so that the heap
 * does not change the resident set, and with {@code -XX:MarkSweepDeadRatio=0}, so that G1's full GC compacts every
 * region: by default it leaves the dead space of mostly-live regions in place as filler objects, which the used heap
 * counts as if they were live (the TLAB tails left while the shadow's pages were allocated). Both figures are printed
 * for every backend; the one that holds the shadow is the result. A warm-up on a separate range first lets the JIT
 * compile the write path (its memory is not counted).
 *
 * <p>Usage: {@code ShadowFootprint <backend> [MiB, default 256]}. Prints one line:
 * {@code footprint backend=B touched=BYTES shadow=BYTES bytes_per_byte=X method=heap|rss heap_delta=.. rss_delta=..
 * [self_reported=..]}, where self_reported is the growth of the backend's own count,
 * {@link RaceDetector#shadowMemoryBytes()}, left out when the backend keeps none (a cross-check: it leaves out
 * object headers and allocator slack).
 */
public final class ShadowFootprint {
  private static final long WARM_BASE = Detectors.BASE - (64L << 20);
  private static final long WARM_SIZE = 1L << 20;

  private ShadowFootprint() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: ShadowFootprint <backend> [MiB]");
      System.exit(2);
    }
    String backend = args[0];
    long mib = args.length > 1 ? Long.parseLong(args[1]) : 256;
    long touched = mib << 20;
    try (RaceDetector d = Detectors.open(backend)) {
      d.mapShadow(WARM_BASE, WARM_SIZE);
      d.mapShadow(Detectors.BASE, touched);
      RaceThread t = d.mainThread();
      for (int i = 0; i < 20; i++) {
        touch(t, WARM_BASE, WARM_SIZE);
        t.malloc(WARM_BASE, WARM_SIZE);
      }
      touch(t, WARM_BASE, WARM_SIZE);
      long self0 = d.shadowMemoryBytes();
      long heap0 = usedHeapAfterGc();
      long rss0 = rss();
      touch(t, Detectors.BASE, touched);
      long heap1 = usedHeapAfterGc();
      long rss1 = rss();
      long self1 = d.shadowMemoryBytes();
      Detectors.checkNoReports(d, "footprint");
      boolean onHeap = "java".equals(backend);
      long heapDelta = heap1 - heap0;
      long rssDelta = rss1 - rss0;
      long shadow = onHeap ? heapDelta : rssDelta;
      System.out.println(String.format(Locale.ROOT,
          "footprint backend=%s touched=%d shadow=%d bytes_per_byte=%.4f method=%s heap_delta=%d rss_delta=%d%s",
          backend, touched, shadow, (double) shadow / touched, onHeap ? "heap" : "rss", heapDelta, rssDelta,
          self0 < 0 || self1 < 0 ? "" : " self_reported=" + (self1 - self0)));
      Reference.reachabilityFence(t);
    }
  }

  private static void touch(RaceThread t, long base, long size) {
    for (long a = base, end = base + size; a < end; a += 8) {
      t.write(a, 8, Detectors.PC);
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** VmRSS in bytes, or -1 where /proc is missing. */
  private static long rss() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        String[] f = line.substring(6).trim().split("\\s+");
        return Long.parseLong(f[0]) * 1024;
      }
    }
    return -1;
  }
}
