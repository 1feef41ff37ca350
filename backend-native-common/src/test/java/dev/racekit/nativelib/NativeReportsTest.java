package dev.racekit.nativelib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.AccessType;
import dev.racekit.RaceAccess;
import dev.racekit.RaceReport;
import dev.racekit.RaceThreadInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flat report layout of rk_next_report, decoded without the native library. */
class NativeReportsTest {

  static long[] layout(RaceReport r) {
    RaceAccess c = r.current();
    RaceAccess p = r.previous();
    long[] cs = c.stack();
    long[] ps = p.stack();
    long[] xs = r.currentThread().creationStack();
    long[] ys = r.previousThread().creationStack();
    long[] out = new long[NativeReports.HEADER + cs.length + ps.length + xs.length + ys.length];
    out[0] = r.kind().ordinal();
    out[1] = c.threadId();
    out[2] = c.address();
    out[3] = c.size();
    out[4] = c.type().ordinal();
    out[5] = 1;
    out[6] = cs.length;
    out[7] = p.threadId();
    out[8] = p.address();
    out[9] = p.size();
    out[10] = p.type().ordinal();
    out[11] = p.stackRestored() ? 1 : 0;
    out[12] = ps.length;
    out[13] = r.currentThread().id();
    out[14] = r.currentThread().running() ? 1 : 0;
    out[15] = xs.length;
    out[16] = r.previousThread().id();
    out[17] = r.previousThread().running() ? 1 : 0;
    out[18] = ys.length;
    int at = NativeReports.HEADER;
    for (long[] s : new long[][] {cs, ps, xs, ys}) {
      System.arraycopy(s, 0, out, at, s.length);
      at += s.length;
    }
    return out;
  }

  private static RaceReport sample() {
    return new RaceReport(RaceReport.Kind.DATA_RACE,
        new RaceAccess(3, 0xc0001010L, 8, AccessType.WRITE, new long[] {0x2a, 0x11}),
        new RaceAccess(0, 0xc0001010L, 4, AccessType.READ, new long[] {0x3, 0x5, 0x7}),
        new RaceThreadInfo(3, true, new long[] {0x7, 0x9}),
        new RaceThreadInfo(0, true, new long[0]));
  }

  @Test
  void decodesEveryField() {
    RaceReport r = sample();
    long[] words = layout(r);
    long[] padded = new long[words.length + 10];
    System.arraycopy(words, 0, padded, 0, words.length);
    RaceReport d = NativeReports.decode(padded, words.length);
    assertEquals(r, d);
    assertArrayEquals(new long[] {0x3, 0x5, 0x7}, d.previous().stack());
    assertEquals(words.length, NativeReports.requiredLength(words));
  }

  @Test
  void decodesAnUnrestoredStackAndAnUnknownThread() {
    RaceReport r = new RaceReport(RaceReport.Kind.USE_AFTER_FREE,
        new RaceAccess(5, 0x1008, 1, AccessType.ATOMIC_READ, new long[] {0x40}),
        new RaceAccess(RaceAccess.UNKNOWN_THREAD, 0x1008, 8, AccessType.FREE, null),
        new RaceThreadInfo(5, true, new long[] {0x10}),
        new RaceThreadInfo(RaceAccess.UNKNOWN_THREAD, false, new long[0]));
    RaceReport d = NativeReports.decode(layout(r), layout(r).length);
    assertEquals(r, d);
    assertFalse(d.previous().stackRestored());
    assertEquals(-1, d.previousThread().id());
  }

  @Test
  void rejectsMalformedReports() {
    long[] words = layout(sample());
    assertThrows(IllegalStateException.class, () -> NativeReports.decode(words, words.length - 1));
    long[] badType = words.clone();
    badType[4] = 9;
    assertTrue(assertThrows(IllegalStateException.class, () -> NativeReports.decode(badType, badType.length))
        .getMessage().contains("access type 9"));
    long[] badKind = words.clone();
    badKind[0] = 2;
    assertThrows(IllegalStateException.class, () -> NativeReports.decode(badKind, badKind.length));
  }

  @Test
  void theDrainerGrowsItsBufferAndTakesReportsInOrder() {
    RaceReport small = sample();
    long[] bigStack = new long[400];
    for (int i = 0; i < bigStack.length; i++) {
      bigStack[i] = i + 1;
    }
    RaceReport big = new RaceReport(RaceReport.Kind.DATA_RACE,
        new RaceAccess(1, 0x8, 8, AccessType.WRITE, bigStack),
        new RaceAccess(2, 0x8, 8, AccessType.WRITE, bigStack),
        new RaceThreadInfo(1, true, new long[] {1}),
        new RaceThreadInfo(2, false, new long[] {2}));
    Deque<long[]> queue = new ArrayDeque<>(List.of(layout(small), layout(big), layout(small)));
    NativeReports.Drainer drainer = new NativeReports.Drainer(out -> {
      long[] head = queue.peek();
      if (head == null) {
        return 0;
      }
      if (head.length > out.length) {
        return head.length; // too small: nothing taken
      }
      System.arraycopy(queue.poll(), 0, out, 0, head.length);
      return head.length;
    });
    List<RaceReport> got = new ArrayList<>();
    assertEquals(3, drainer.drainTo(got::add));
    assertEquals(List.of(small, big, small), got);
    assertEquals(0, drainer.drainTo(got::add));
  }

  @Test
  void errorsMatchTheJavaBackend() {
    assertEquals("racekit: thread 4 has ended", NativeErrors.forThread(NativeErrors.EENDED, 4, "x").getMessage());
    RuntimeException e = NativeErrors.forThread(NativeErrors.ESTACK_EMPTY, 2, "rk_func_exit");
    assertTrue(e instanceof IllegalStateException);
    assertEquals("racekit: funcExit on thread 2 with an empty shadow stack", e.getMessage());
    assertEquals("racekit: ignoreEnd on thread 1 without ignoreBegin",
        NativeErrors.forThread(NativeErrors.EIGNORE, 1, "x").getMessage());
    assertEquals("racekit: shadow stack of thread 0 is deeper than 1048576 frames; is funcExit missing?",
        NativeErrors.forThread(NativeErrors.ESTACK_OVERFLOW, 0, "x").getMessage());
    assertEquals("racekit: join of thread 7, which has not ended",
        NativeErrors.forJoin(NativeErrors.ENOT_ENDED, 1, 7).getMessage());
    assertEquals("racekit: 16384 threads are alive at once; end some first",
        NativeErrors.forStart(NativeErrors.ETHREADS, 0).getMessage());
    assertTrue(NativeErrors.forMapShadow(NativeErrors.ERANGES, 0, 8) instanceof IllegalArgumentException);
    assertTrue(NativeErrors.forThread(NativeErrors.EINVAL, 0, "rk_read") instanceof IllegalArgumentException);
    RuntimeException unknown = NativeErrors.forThread(-99, 0, "rk_read");
    assertTrue(unknown instanceof IllegalStateException);
    assertTrue(unknown.getMessage().contains("code -99"), unknown.getMessage());
  }
}
