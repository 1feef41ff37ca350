package dev.racekit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceListener;
import dev.racekit.RaceOptions;
import dev.racekit.RaceReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code suppressions} file: its rules, the pattern match, and what the report hub does with them. */
class SuppressionsTest {
  @TempDir Path tmp;

  @Test
  void aPatternIsASubstringWithStarsAndOptionalAnchors() {
    assertTrue(Suppressions.matches("Store.put", "com.example.Store.put"));
    assertTrue(Suppressions.matches("com.*.put", "com.example.Store.put"));
    assertTrue(Suppressions.matches("^com.example", "com.example.Store.put"));
    assertFalse(Suppressions.matches("^example", "com.example.Store.put"));
    assertTrue(Suppressions.matches("put$", "com.example.Store.put"));
    assertFalse(Suppressions.matches("Store$", "com.example.Store.put"));
    assertTrue(Suppressions.matches("^com.example.Store.put$", "com.example.Store.put"));
    assertFalse(Suppressions.matches("^com.example.Store.pu$", "com.example.Store.put"));
    assertTrue(Suppressions.matches("^c*t$", "com.example.Store.put"));
    assertFalse(Suppressions.matches("^c*x$", "com.example.Store.put"));
    assertFalse(Suppressions.matches("Store*Main", "com.example.Store.put"));
    assertFalse(Suppressions.matches("^ab*ba$", "aba"), "the two parts may not overlap");
  }

  @Test
  void rulesAreRaceLinesWithCommentsAndBlankLinesSkipped() {
    Suppressions s = Suppressions.parse("f", List.of("# known races", "", "race:org.slf4j.MDC", "  race: Store.get  "));
    assertEquals("org.slf4j.MDC", s.match(List.of("org.slf4j.MDC.getMDCAdapter")));
    assertEquals("Store.get", s.match(List.of("x", "com.example.Store.get")));
    assertNull(s.match(List.of("com.example.Store.put")));
    assertEquals("Suppressed 2 data race report(s) (f): 1 race:org.slf4j.MDC, 1 race:Store.get\n", s.summary());
  }

  @Test
  void aLineThatIsNotARaceRuleIsRejectedWithItsPlace() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Suppressions.parse("supp.txt", List.of("race:a", "mutex:b")));
    assertTrue(e.getMessage().contains("supp.txt:2") && e.getMessage().contains("mutex:b"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Suppressions.parse("supp.txt", List.of("race:")));
    assertTrue(e.getMessage().contains("supp.txt:1") && e.getMessage().contains("no pattern"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Suppressions.parse("supp.txt", List.of("Store.put")));
    assertTrue(e.getMessage().contains("not race:<pattern>"), e.getMessage());
  }

  @Test
  void aMissingFileIsAClearError() {
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> Suppressions.load(tmp.resolve("absent.supp").toString()));
    assertTrue(e.getMessage().contains("suppressions=") && e.getMessage().contains("absent.supp"), e.getMessage());
  }

  @Test
  void aSuppressedRaceIsNeitherPrintedNorCountedNorHeardButTheEndSaysHowMany() throws IOException {
    Path rules = Files.writeString(tmp.resolve("racekit.supp"), "race:Store.put\n");
    Path logBase = tmp.resolve("log");
    RaceOptions o = RaceOptions.parse("log_path=" + logBase + " suppressions=" + rules);
    ReportFormatter formatter = new ReportFormatter(Reports.EXAMPLE, "");
    ReportHub hub = new ReportHub(o, formatter, ReportLog.open(o.logPath()), Suppressions.load(o.suppressions()));
    List<RaceReport> heard = new ArrayList<>();
    RaceListener listener = heard::add;
    hub.addListener(listener);
    hub.report(Reports.example()); // Store.put is its current access's first frame
    RaceReport other = Reports.race(Reports.GET, Reports.MAIN_10);
    hub.report(other);
    hub.close();
    assertEquals(1, hub.count());
    assertEquals(List.of(other), heard);
    String log = Files.readString(Path.of(logBase + "." + ProcessHandle.current().pid()), StandardCharsets.UTF_8);
    assertEquals(formatter.format(other) + ReportFormatter.summary(1)
        + "Suppressed 1 data race report(s) (" + rules + "): 1 race:Store.put\n", log);
  }

  @Test
  void theLocationAndTheFilesAreMatchedToo() {
    ReportFormatter formatter = new ReportFormatter(Reports.EXAMPLE, "/src/", null, addr -> "static field a.B.c");
    List<String> subjects = formatter.subjects(Reports.example());
    assertEquals(List.of("com.example.Store.put", "com/example/Store.java", "com.example.Worker.run",
        "com/example/Worker.java", "com.example.Store.get", "com/example/Store.java", "com.example.Main.main",
        "com/example/Main.java", "static field a.B.c"), subjects);
    assertEquals("^static field a.B", Suppressions.parse("f", List.of("race:^static field a.B")).match(subjects));
    assertEquals("Worker.java$", Suppressions.parse("f", List.of("race:Worker.java$")).match(subjects));
  }
}
