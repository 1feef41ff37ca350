package dev.racekit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.Frame;
import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceReport;
import dev.racekit.Symbolizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A symbolizer that throws or gives null frames costs neither the report nor the listeners: its pcs print raw. */
class SafeSymbolizerTest {
  @TempDir Path tmp;

  /** Opens the fake backend with {@code symbolizer}, hands it the example race, returns the log text. */
  private String reportThrough(Symbolizer symbolizer, List<RaceReport> heard) throws IOException {
    Path base = tmp.resolve("log");
    RaceOptions o = RaceOptions.builder().logPath(base.toString()).build();
    try (RaceDetector d = RaceKit.builder().backend("fast").options(o).symbolizer(symbolizer).open()) {
      d.addListener(heard::add);
      FakeProviders.lastBackend.context.reports().report(Reports.example());
    }
    return Files.readString(Path.of(base + "." + ProcessHandle.current().pid()), StandardCharsets.UTF_8);
  }

  private static String rawReport() {
    return new ReportFormatter(Symbolizer.raw(), "").format(Reports.example()) + ReportFormatter.summary(1);
  }

  @Test
  void aThrowingSymbolizerPrintsRawPcsAndTheListenersHearTheReport() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    List<RaceReport> heard = new ArrayList<>();
    String log = reportThrough(pc -> {
      calls.incrementAndGet();
      throw new IllegalStateException("symbol table gone");
    }, heard);
    assertEquals(List.of(Reports.example()), heard);
    assertEquals(rawReport(), log);
    assertTrue(calls.get() >= 5, "every pc was still asked: " + calls.get());
  }

  @Test
  void aNullFrameOrANullListPrintsRawPcs() throws IOException {
    List<RaceReport> heard = new ArrayList<>();
    String log = reportThrough(pc -> pc == Reports.PUT ? Arrays.asList((Frame) null) : null, heard);
    assertEquals(1, heard.size());
    assertEquals(rawReport(), log);
  }

  @Test
  void knownPcsStillPrintTheirFramesBesideTheFailingOnes() throws IOException {
    List<RaceReport> heard = new ArrayList<>();
    String log = reportThrough(pc -> {
      if (pc == Reports.GET) {
        throw new UnsupportedOperationException("no");
      }
      return Reports.EXAMPLE.symbolize(pc);
    }, heard);
    assertEquals(1, heard.size());
    assertTrue(log.contains("com.example.Store.put()"), log);
    assertTrue(log.contains("  ??()\n      ??:0 +0x" + Long.toHexString(Reports.GET) + "\n"), log);
  }

  @Test
  void wrappingTwiceKeepsOneWrapper() {
    Symbolizer once = SafeSymbolizer.wrap(Symbolizer.raw());
    assertTrue(once == SafeSymbolizer.wrap(once));
  }
}
