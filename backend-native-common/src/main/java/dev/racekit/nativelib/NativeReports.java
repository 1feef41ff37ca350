package dev.racekit.nativelib;

import dev.racekit.AccessType;
import dev.racekit.RaceAccess;
import dev.racekit.RaceReport;
import dev.racekit.RaceThreadInfo;
import dev.racekit.spi.ReportSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes the flat report layout of the native core's {@code rk_next_report} into {@link RaceReport}s, and drains
 * the core's report queue into a {@link ReportSink}.
 *
 * <p>The layout (all 64-bit; thread ids signed, -1 = unknown; every stack innermost first):
 * <pre>
 *   [0]       kind (0 data race, 1 use after free)
 *   [1..6]    current access: thread id, address, size, type, restored (1), stack length C
 *   [7..12]   previous access: thread id, address, size, type, restored (0/1), stack length P (0 if not restored)
 *   [13..15]  current thread: id, running (0/1), creation stack length X
 *   [16..18]  previous thread: id, running (0/1), creation stack length Y
 *   [19..]    C pcs, then P pcs, then X pcs, then Y pcs
 * </pre>
 * Access types are numbered as {@link AccessType} is ordered, kinds as {@link RaceReport.Kind}.
 */
public final class NativeReports {
  /** The number of 64-bit header words before the stacks ({@code RK_REPORT_HEADER}). */
  public static final int HEADER = 19;

  private static final AccessType[] TYPES = AccessType.values();
  private static final RaceReport.Kind[] KINDS = RaceReport.Kind.values();

  private NativeReports() {}

  /**
   * Decodes one report from {@code r[0..length)}.
   *
   * @throws IllegalStateException when the words do not form a valid report (a binding or core bug)
   */
  public static RaceReport decode(long[] r, int length) {
    if (length < HEADER || length > r.length) {
      throw malformed("length " + length, r, Math.min(length, r.length));
    }
    long c = r[6];
    long p = r[12];
    long x = r[15];
    long y = r[18];
    if (c < 0 || p < 0 || x < 0 || y < 0 || HEADER + c + p + x + y != length) {
      throw malformed("stack lengths " + c + "+" + p + "+" + x + "+" + y + " do not fill " + length + " words",
          r, length);
    }
    int at = HEADER;
    long[] currentStack = Arrays.copyOfRange(r, at, at + (int) c);
    at += (int) c;
    long[] previousStack = r[11] != 0 ? Arrays.copyOfRange(r, at, at + (int) p) : null;
    at += (int) p;
    long[] currentCreation = Arrays.copyOfRange(r, at, at + (int) x);
    at += (int) x;
    long[] previousCreation = Arrays.copyOfRange(r, at, at + (int) y);
    RaceAccess current = new RaceAccess(r[1], r[2], size(r, 3, length), type(r, 4, length), currentStack);
    RaceAccess previous = new RaceAccess(r[7], r[8], size(r, 9, length), type(r, 10, length), previousStack);
    RaceThreadInfo currentThread = new RaceThreadInfo(r[13], flag(r, 14, length), currentCreation);
    RaceThreadInfo previousThread = new RaceThreadInfo(r[16], flag(r, 17, length), previousCreation);
    return new RaceReport(kind(r, length), current, previous, currentThread, previousThread);
  }

  /** The number of words a report with this header needs, from the four stack lengths in {@code header[0..19)}. */
  public static long requiredLength(long[] header) {
    return HEADER + header[6] + header[12] + header[15] + header[18];
  }

  private static RaceReport.Kind kind(long[] r, int length) {
    if (r[0] < 0 || r[0] >= KINDS.length) {
      throw malformed("kind " + r[0], r, length);
    }
    return KINDS[(int) r[0]];
  }

  private static AccessType type(long[] r, int i, int length) {
    if (r[i] < 0 || r[i] >= TYPES.length) {
      throw malformed("access type " + r[i] + " at word " + i, r, length);
    }
    return TYPES[(int) r[i]];
  }

  private static int size(long[] r, int i, int length) {
    if (r[i] < 0 || r[i] > 8) {
      throw malformed("access size " + r[i] + " at word " + i, r, length);
    }
    return (int) r[i];
  }

  private static boolean flag(long[] r, int i, int length) {
    if (r[i] != 0 && r[i] != 1) {
      throw malformed("flag " + r[i] + " at word " + i, r, length);
    }
    return r[i] == 1;
  }

  private static IllegalStateException malformed(String what, long[] r, int length) {
    return new IllegalStateException("racekit: malformed native report (" + what + "): "
        + Arrays.toString(Arrays.copyOf(r, Math.max(0, Math.min(length, 64)))));
  }

  /**
   * The core's {@code rk_next_report(detector, out, cap)}: fills {@code out} with the oldest queued report and
   * returns its length in words, returns the needed length without taking it when {@code out} is too small, or 0
   * when the queue is empty.
   */
  @FunctionalInterface
  public interface Source {
    long next(long[] out);
  }

  /**
   * Drains one detector's report queue. Thread-safe: the queue is taken under this object's lock, and the reports are
   * handed to the sink after the lock is released (a listener may call back into the detector). Reuses one buffer,
   * grown when a report needs more.
   */
  public static final class Drainer {
    private final Source source;
    private long[] buffer = new long[256];

    public Drainer(Source source) {
      this.source = source;
    }

    /** Takes every queued report, oldest first. */
    public synchronized List<RaceReport> takeAll() {
      List<RaceReport> out = null;
      while (true) {
        long n = source.next(buffer);
        if (n == 0) {
          break;
        }
        if (n < 0) {
          throw NativeErrors.generic(n, "rk_next_report");
        }
        if (n > buffer.length) {
          if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("racekit: native report of " + n + " words is too large");
          }
          buffer = new long[(int) Math.max(n, buffer.length * 2L)];
          continue;
        }
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(decode(buffer, (int) n));
      }
      return out == null ? List.of() : out;
    }

    /** Takes every queued report and hands each to {@code sink}, oldest first; returns how many there were. */
    public int drainTo(ReportSink sink) {
      List<RaceReport> reports = takeAll();
      for (RaceReport r : reports) {
        sink.report(r);
      }
      return reports.size();
    }
  }
}
