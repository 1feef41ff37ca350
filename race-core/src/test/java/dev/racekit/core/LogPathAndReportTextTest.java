package dev.racekit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code log_path=none} and devices, a log_path the parser cannot mean, and the pcs of {@code RaceReport.toString}. */
class LogPathAndReportTextTest {
  @TempDir Path tmp;

  @Test
  void noneSwitchesTheReportTextOffButNotTheListeners() {
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    List<RaceReport> heard = new ArrayList<>();
    System.setOut(capture);
    System.setErr(capture);
    try (RaceDetector d = RaceKit.builder().backend("fast").options(RaceOptions.parse("log_path=none")).open()) {
      d.addListener(heard::add);
      FakeProviders.lastBackend.context.reports().report(Reports.example());
      assertEquals(1, d.reportCount());
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
    assertEquals(1, heard.size());
    assertFalse(captured.toString(StandardCharsets.UTF_8).contains("DATA RACE"), captured.toString());
    assertFalse(Files.exists(Path.of("none." + ProcessHandle.current().pid())), "no file named none.<pid>");
  }

  @Test
  void aDeviceIsWrittenAsNamed() {
    Path devNull = Path.of("/dev/null");
    Assumptions.assumeTrue(Files.exists(devNull) && Files.isWritable(devNull), "no writable /dev/null here");
    Path sibling = Path.of("/dev/null." + ProcessHandle.current().pid());
    try (RaceDetector d = RaceKit.builder().backend("fast").options(RaceOptions.parse("log_path=/dev/null")).open()) {
      FakeProviders.lastBackend.context.reports().report(Reports.example());
    }
    assertFalse(Files.exists(sibling), "no " + sibling);
  }

  @Test
  void aCommaInLogPathIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RaceOptions.parse("log_path=/tmp/race,exitcode=3"));
    assertTrue(e.getMessage().contains("log_path='/tmp/race,exitcode=3' contains ','"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RaceOptions.builder().logPath("a,b"));
  }

  @Test
  void reportToStringPrintsPcsInHexLikeReports() {
    String s = Reports.example().toString();
    assertTrue(s.contains("stack [0x" + Long.toHexString(Reports.PUT) + ", 0x" + Long.toHexString(Reports.RUN) + "]"),
        s);
    assertTrue(s.contains("created at [0x" + Long.toHexString(Reports.MAIN_8) + "]"), s);
    assertFalse(s.contains("[" + Reports.PUT), s);
  }
}
