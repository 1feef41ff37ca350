package dev.racekit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.racekit.AccessType;
import dev.racekit.Frame;
import dev.racekit.RaceAccess;
import dev.racekit.RaceReport;
import dev.racekit.RaceThreadInfo;
import dev.racekit.Symbolizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report text, character for character. */
class ReportFormatterTest {
  private static final String RULE = "==================\n";

  /** Asserts that {@code actual} is one report whose text between its two rules is {@code body}. */
  private static void assertOneReport(String body, String actual) {
    assertEquals(RULE + body + RULE, actual);
  }

  /** Asserts that {@code formatter} prints {@code r} as one report with {@code body} between its two rules. */
  private static void assertFormats(ReportFormatter formatter, RaceReport r, String body) {
    assertOneReport(body, formatter.format(r));
  }

  @Test
  void dataRaceAsInTheDesign() {
    assertEquals(DesignRaceText.read(),
        new ReportFormatter(Reports.EXAMPLE, "/src/com/example/").format(Reports.example()));
  }

  @Test
  void withoutStripPathPrefixFilesArePrintedWhole() {
    String text = new ReportFormatter(Reports.EXAMPLE, "").format(Reports.example());
    assertEquals(true, text.contains("  com.example.Store.put()\n      /src/com/example/Store.java:14 +0x2a\n"), text);
  }

  @Test
  void stripPathPrefixOnlyStripsAPrefix() {
    Symbolizer sym = pc -> List.of(
        new Frame("a.f", "/src/a/F.java", 1, 0x1),
        new Frame("b.g", "/lib/src/B.java", 2, 0x2),
        new Frame("c.h", "/src", 3, 0x3));
    RaceReport r = new RaceReport(RaceReport.Kind.DATA_RACE,
        new RaceAccess(1, 0x10, 1, AccessType.WRITE, new long[] {0x100}),
        new RaceAccess(0, 0x10, 1, AccessType.WRITE, new long[] {0x200}),
        new RaceThreadInfo(1, true, new long[0]),
        new RaceThreadInfo(0, true, new long[0]));
    String text = new ReportFormatter(sym, "/src/").format(r);
    String frames = ""
        + "  a.f()\n"
        + "      a/F.java:1 +0x1\n"
        + "  b.g()\n"
        + "      /lib/src/B.java:2 +0x2\n"
        + "  c.h()\n"
        + "      /src:3 +0x3\n";
    assertOneReport(""
        + "WARNING: DATA RACE\n"
        + "Write at 0x0000000000000010 by thread 1:\n"
        + frames
        + "\n"
        + "Previous write at 0x0000000000000010 by main thread:\n"
        + frames
        + "\n"
        + "Thread 1 (running) created at:\n", text);
  }

  @Test
  void useAfterFreeWithRawSymbolizerAndBothCreationStacks() {
    RaceReport r = new RaceReport(RaceReport.Kind.USE_AFTER_FREE,
        new RaceAccess(2, 0x7f00_0000_1018L, 4, AccessType.ATOMIC_READ, new long[] {0x4a, 0x4b}),
        new RaceAccess(1, 0x7f00_0000_1018L, 8, AccessType.FREE, new long[] {0x5a}),
        new RaceThreadInfo(2, true, new long[] {0x6a, 0x6b}),
        new RaceThreadInfo(1, false, new long[] {0x7a}));
    assertFormats(new ReportFormatter(Symbolizer.raw(), ""), r, ""
        + "WARNING: USE AFTER FREE\n"
        + "Atomic read at 0x00007f0000001018 by thread 2:\n"
        + "  ??()\n"
        + "      ??:0 +0x4a\n"
        + "  ??()\n"
        + "      ??:0 +0x4b\n"
        + "\n"
        + "Previous free at 0x00007f0000001018 by thread 1:\n"
        + "  ??()\n"
        + "      ??:0 +0x5a\n"
        + "\n"
        + "Thread 2 (running) created at:\n"
        + "  ??()\n"
        + "      ??:0 +0x6a\n"
        + "  ??()\n"
        + "      ??:0 +0x6b\n"
        + "\n"
        + "Thread 1 (finished) created at:\n"
        + "  ??()\n"
        + "      ??:0 +0x7a\n");
  }

  @Test
  void previousThreadThatCanNoLongerBeTold() {
    RaceReport r = new RaceReport(RaceReport.Kind.DATA_RACE,
        new RaceAccess(5, 0x2000, 2, AccessType.READ, new long[] {0x30}),
        new RaceAccess(RaceAccess.UNKNOWN_THREAD, 0x2000, 8, AccessType.ATOMIC_WRITE, null),
        new RaceThreadInfo(5, true, new long[] {0x31}),
        new RaceThreadInfo(RaceAccess.UNKNOWN_THREAD, false, new long[0]));
    assertFormats(new ReportFormatter(Symbolizer.raw(), ""), r, ""
        + "WARNING: DATA RACE\n"
        + "Read at 0x0000000000002000 by thread 5:\n"
        + "  ??()\n"
        + "      ??:0 +0x30\n"
        + "\n"
        + "Previous atomic write at 0x0000000000002000 by unknown thread:\n"
        + "  [failed to restore the stack]\n"
        + "\n"
        + "Thread 5 (running) created at:\n"
        + "  ??()\n"
        + "      ??:0 +0x31\n");
  }

  @Test
  void stackThatCannotBeRestoredOfAKnownThread() {
    RaceReport r = new RaceReport(RaceReport.Kind.DATA_RACE,
        new RaceAccess(0, 0x2008, 1, AccessType.WRITE, new long[] {Reports.GET, Reports.MAIN_10}),
        new RaceAccess(4, 0x2008, 1, AccessType.WRITE, null),
        new RaceThreadInfo(0, true, new long[0]),
        new RaceThreadInfo(4, true, new long[] {Reports.MAIN_8}));
    assertFormats(new ReportFormatter(Reports.EXAMPLE, "/src/com/example/"), r, ""
        + "WARNING: DATA RACE\n"
        + "Write at 0x0000000000002008 by main thread:\n"
        + "  com.example.Store.get()\n"
        + "      Store.java:9 +0x3\n"
        + "  com.example.Main.main()\n"
        + "      Main.java:10 +0x5\n"
        + "\n"
        + "Previous write at 0x0000000000002008 by thread 4:\n"
        + "  [failed to restore the stack]\n"
        + "\n"
        + "Thread 4 (running) created at:\n"
        + "  com.example.Main.main()\n"
        + "      Main.java:8 +0x7\n");
  }

  @Test
  void symbolizerWithSeveralFramesPerPcAndUnknownPcs() {
    Symbolizer sym = pc -> {
      if (pc == 0x100) { // an inlined call: innermost first
        return List.of(new Frame("Buffer.put", "Buffer.java", 51, 0x6), new Frame("Writer.flush", "Writer.java", 12,
            0x30));
      }
      return pc == 0x200 ? null : List.of();
    };
    RaceReport r = new RaceReport(RaceReport.Kind.DATA_RACE,
        new RaceAccess(1, 0xffff_ffff_ffff_fff8L, 8, AccessType.ATOMIC_WRITE, new long[] {0x100, 0x200, 0x300}),
        new RaceAccess(2, 0xffff_ffff_ffff_fff8L, 8, AccessType.READ, new long[] {0x100}),
        new RaceThreadInfo(1, true, new long[0]),
        new RaceThreadInfo(2, true, new long[0]));
    assertFormats(new ReportFormatter(sym, ""), r, ""
        + "WARNING: DATA RACE\n"
        + "Atomic write at 0xfffffffffffffff8 by thread 1:\n"
        + "  Buffer.put()\n"
        + "      Buffer.java:51 +0x6\n"
        + "  Writer.flush()\n"
        + "      Writer.java:12 +0x30\n"
        + "  ??()\n"
        + "      ??:0 +0x200\n"
        + "  ??()\n"
        + "      ??:0 +0x300\n"
        + "\n"
        + "Previous read at 0xfffffffffffffff8 by thread 2:\n"
        + "  Buffer.put()\n"
        + "      Buffer.java:51 +0x6\n"
        + "  Writer.flush()\n"
        + "      Writer.java:12 +0x30\n"
        + "\n"
        + "Thread 1 (running) created at:\n"
        + "\n"
        + "Thread 2 (running) created at:\n");
  }

  @Test
  void everyAccessTypeHasItsLabel() {
    for (AccessType t : AccessType.values()) {
      RaceReport r = new RaceReport(RaceReport.Kind.DATA_RACE,
          new RaceAccess(1, 0x8, 1, t, new long[] {0x1}),
          new RaceAccess(0, 0x8, 1, t, new long[] {0x2}),
          new RaceThreadInfo(1, true, new long[0]),
          new RaceThreadInfo(0, true, new long[0]));
      String text = new ReportFormatter(Symbolizer.raw(), "").format(r);
      String label = t.label();
      String capitalized = Character.toUpperCase(label.charAt(0)) + label.substring(1);
      assertEquals(true, text.contains("\n" + capitalized + " at 0x0000000000000008 by thread 1:\n"), text);
      assertEquals(true, text.contains("\nPrevious " + label + " at 0x0000000000000008 by main thread:\n"), text);
    }
  }

  @Test
  void summaryLine() {
    assertEquals("Found 1 data race(s)\n", ReportFormatter.summary(1));
    assertEquals("Found 12 data race(s)\n", ReportFormatter.summary(12));
  }
}
