package dev.racekit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.Frame;
import dev.racekit.RaceThread;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The exact report text, read back from the log file ({@code log_path} gets {@code .<pid>} appended), with a
 * symbolizer that knows some pcs; and the summary line printed at close.
 */
public abstract class GoldenTextCases extends ReportCases {
  static final long STORE_PUT = 0xA001;
  static final long WORKER_RUN = 0xA002;
  static final long STORE_GET = 0xA003;
  static final long MAIN_10 = 0xA004;
  static final long MAIN_8 = 0xA005;
  static final long POOL_FREE = 0xA006;
  static final long MAIN_20 = 0xA007;
  static final long READER_LOAD = 0xA008;
  static final long READER_RUN = 0xA009;
  static final long MAIN_30 = 0xA00A;
  static final long INLINED = 0xA00B;

  static TestSymbolizer symbols() {
    return new TestSymbolizer()
        .define(STORE_PUT, "com.example.Store.put", "/src/app/com/example/Store.java", 14, 0x2a)
        .define(WORKER_RUN, "com.example.Worker.run", "/src/app/com/example/Worker.java", 23, 0x11)
        .define(STORE_GET, "com.example.Store.get", "/src/app/com/example/Store.java", 9, 0x3)
        .define(MAIN_10, "com.example.Main.main", "/src/app/com/example/Main.java", 10, 0x5)
        .define(MAIN_8, "com.example.Main.main", "/src/app/com/example/Main.java", 8, 0x7)
        .define(POOL_FREE, "com.example.Pool.release", "/src/app/com/example/Pool.java", 40, 0x1c)
        .define(MAIN_20, "com.example.Main.main", "/src/app/com/example/Main.java", 20, 0x30)
        .define(READER_LOAD, "com.example.Reader.load", "/src/app/com/example/Reader.java", 7, 0x9)
        .define(READER_RUN, "com.example.Reader.run", "/src/app/com/example/Reader.java", 3, 0x4)
        .define(MAIN_30, "com.example.Main.main", "/src/app/com/example/Main.java", 30, 0x44)
        .defineInlined(INLINED,
            new Frame("com.example.Buffer.put", "/src/app/com/example/Buffer.java", 51, 0x6),
            new Frame("com.example.Writer.flush", "/src/app/com/example/Writer.java", 12, 0x30));
  }

  static final long WORD = 0xc0001010L;

  /** Asserts the whole log of a closed scenario: {@code report}, the one report it made, then the summary line. */
  static void assertLogAtClose(Scenario s, String report) {
    assertEquals(report + "Found 1 data race(s)\n", s.logText());
  }

  /** The race of DESIGN.md, event by event; its text must match character for character. */
  @Test
  void dataRaceTextMatchesTheGoStyleReport() {
    Scenario s = open("strip_path_prefix=/src/app/com/example/", symbols());
    s.detector().mapShadow(0xc0000000L, 1 << 16);
    for (int i = 0; i < 2; i++) {
      s.endAndJoin(s.main(), s.start(0x1));
    }
    RaceThread t3 = s.start(MAIN_8);
    s.main().funcEnter(MAIN_10);
    s.main().read(WORD, 8, STORE_GET);
    t3.funcEnter(WORKER_RUN);
    t3.write(WORD, 8, STORE_PUT);
    assertEquals(3, s.onlyReport().currentThread().id());
    String report = GoldenReports.DESIGN_RACE;
    assertEquals(report, s.logText());
    s.close();
    assertLogAtClose(s, report);
  }

  @Test
  void useAfterFreeText() {
    Scenario s = open("", symbols());
    RaceThread reader = s.start(MAIN_8);
    s.main().malloc(BLOCK, 64);
    s.main().funcEnter(MAIN_20);
    s.main().free(BLOCK, 64, POOL_FREE);
    reader.funcEnter(READER_RUN);
    reader.read(BLOCK + 16, 4, READER_LOAD);
    s.close();
    String block = String.format("%016x", BLOCK + 16);
    assertLogAtClose(s, ""
        + "==================\n"
        + "WARNING: USE AFTER FREE\n"
        + "Read at 0x" + block + " by thread 1:\n"
        + "  com.example.Reader.load()\n"
        + "      /src/app/com/example/Reader.java:7 +0x9\n"
        + "  com.example.Reader.run()\n"
        + "      /src/app/com/example/Reader.java:3 +0x4\n"
        + "\n"
        + "Previous free at 0x" + block + " by main thread:\n"
        + "  com.example.Pool.release()\n"
        + "      /src/app/com/example/Pool.java:40 +0x1c\n"
        + "  com.example.Main.main()\n"
        + "      /src/app/com/example/Main.java:20 +0x30\n"
        + "\n"
        + "Thread 1 (running) created at:\n"
        + "  com.example.Main.main()\n"
        + "      /src/app/com/example/Main.java:8 +0x7\n"
        + "==================\n");
  }

  /** Both threads created by main, the earlier one finished; an unknown pc; an inlined pc with two frames. */
  @Test
  void textWithTwoCreationStacksAnUnknownPcAndInlinedFrames() {
    Scenario s = open("strip_path_prefix=/src/app/", symbols());
    s.main().funcEnter(MAIN_30);
    RaceThread a = s.start(MAIN_8);
    RaceThread b = s.start(MAIN_10);
    a.funcEnter(0xdead0);
    a.atomicWrite(X, 4, INLINED);
    a.end();
    b.write(X + 2, 2, STORE_PUT);
    s.close();
    String x = String.format("%016x", X);
    assertLogAtClose(s, ""
        + "==================\n"
        + "WARNING: DATA RACE\n"
        + "Write at 0x" + String.format("%016x", X + 2) + " by thread 2:\n"
        + "  com.example.Store.put()\n"
        + "      com/example/Store.java:14 +0x2a\n"
        + "\n"
        + "Previous atomic write at 0x" + x + " by thread 1:\n"
        + "  com.example.Buffer.put()\n"
        + "      com/example/Buffer.java:51 +0x6\n"
        + "  com.example.Writer.flush()\n"
        + "      com/example/Writer.java:12 +0x30\n"
        + "  ??()\n"
        + "      ??:0 +0xdead0\n"
        + "\n"
        + "Thread 2 (running) created at:\n"
        + "  com.example.Main.main()\n"
        + "      com/example/Main.java:10 +0x5\n"
        + "  com.example.Main.main()\n"
        + "      com/example/Main.java:30 +0x44\n"
        + "\n"
        + "Thread 1 (finished) created at:\n"
        + "  com.example.Main.main()\n"
        + "      com/example/Main.java:8 +0x7\n"
        + "  com.example.Main.main()\n"
        + "      com/example/Main.java:30 +0x44\n"
        + "==================\n");
  }

  @Test
  void textOfAStackThatCannotBeRestored() {
    Scenario s = open("history_size=0 strip_path_prefix=/src/app/com/example/", symbols());
    RaceThread t = s.start(MAIN_8);
    t.funcEnter(WORKER_RUN);
    t.write(X, 8, STORE_PUT);
    fill(t, FILL, WRAPS_SMALL_RING);
    s.main().funcEnter(MAIN_10);
    s.main().read(X, 8, STORE_GET);
    s.main().write(X, 8, STORE_GET); // the same pc pair: suppressed
    s.close();
    String x = String.format("%016x", X);
    assertLogAtClose(s, ""
        + "==================\n"
        + "WARNING: DATA RACE\n"
        + "Read at 0x" + x + " by main thread:\n"
        + "  com.example.Store.get()\n"
        + "      Store.java:9 +0x3\n"
        + "  com.example.Main.main()\n"
        + "      Main.java:10 +0x5\n"
        + "\n"
        + "Previous write at 0x" + x + " by thread 1:\n"
        + "  [failed to restore the stack]\n"
        + "\n"
        + "Thread 1 (running) created at:\n"
        + "  com.example.Main.main()\n"
        + "      Main.java:8 +0x7\n"
        + "==================\n");
  }

  @Test
  void summaryCountsEveryReportAtClose() {
    withChild(0x10, (s, t) -> {
      t.write(X, 8, 0x20);
      t.write(Y, 8, 0x21);
      t.write(Z, 8, 0x20);
      s.main().write(X, 8, 0x30);
      s.main().write(Y, 8, 0x31);
      s.main().write(Z, 8, 0x30); // same pair as the first race: not counted
      String before = s.logText();
      assertFalse(before.contains("Found"), "the summary is printed at close, not before");
      assertEquals(4, before.split("==================\n", -1).length - 1, "two reports, two rules each");
      s.close();
      assertTrue(s.logText().endsWith("==================\nFound 2 data race(s)\n"), s.logText());
      assertEquals(2, s.detector().reportCount());
    });
  }

  @Test
  void noSummaryWithoutRaces() {
    withChild(0x10, (s, t) -> {
      t.write(X, 8, 0x20);
      s.endAndJoin(s.main(), t);
      s.main().write(X, 8, 0x30);
      s.close();
      assertEquals("", s.logText());
    });
  }

  @Test
  void logPathGetsThePidAppended() throws Exception {
    Path base = tmp.resolve("race.log");
    Scenario s = open("", new TestSymbolizer(), base);
    RaceThread t = s.start(0x10);
    t.write(X, 8, 0x20);
    s.main().write(X, 8, 0x30);
    s.close();
    Path file = tmp.resolve("race.log." + ProcessHandle.current().pid());
    assertTrue(Files.exists(file), "expected " + file);
    assertFalse(Files.exists(base), "log_path itself is not written");
    String text = Files.readString(file);
    assertTrue(text.startsWith("==================\nWARNING: DATA RACE\nWrite at 0x"), text);
    assertTrue(text.contains("  ??()\n      ??:0 +0x30\n"), text);
    assertTrue(text.endsWith("Found 1 data race(s)\n"), text);
  }
}
