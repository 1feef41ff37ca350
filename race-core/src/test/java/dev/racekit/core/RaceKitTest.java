package dev.racekit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening detectors over the fake providers registered in this module's test resources. */
class RaceKitTest {
  @TempDir Path tmp;

  @AfterEach
  void clearProperties() {
    System.clearProperty(RaceKit.BACKEND_PROPERTY);
    System.clearProperty(RaceKit.OPTIONS_PROPERTY);
  }

  private RaceOptions logToFile(String name) {
    return RaceOptions.builder().logPath(tmp.resolve(name).toString()).build();
  }

  private Path logFile(String name) {
    return tmp.resolve(name + "." + ProcessHandle.current().pid());
  }

  @Test
  void automaticSelectionOpensTheBestBackendThatCanRun() {
    try (RaceDetector d = RaceKit.builder().options(logToFile("auto")).open()) {
      assertEquals("fast", d.backendName());
      assertSame(FakeProviders.lastBackend.main, d.mainThread());
    }
  }

  @Test
  void backendNamedByTheBuilder() {
    try (RaceDetector d = RaceKit.builder().backend("slow").options(logToFile("slow")).open()) {
      assertEquals("slow", d.backendName());
    }
  }

  @Test
  void backendNamedByTheSystemProperty() {
    System.setProperty(RaceKit.BACKEND_PROPERTY, "twin");
    try (RaceDetector d = RaceKit.open(logToFile("prop"))) {
      assertEquals("twin", d.backendName());
    }
  }

  @Test
  void builderNameWinsOverTheSystemProperty() {
    System.setProperty(RaceKit.BACKEND_PROPERTY, "twin");
    try (RaceDetector d = RaceKit.builder().backend("slow").options(logToFile("both")).open()) {
      assertEquals("slow", d.backendName());
    }
  }

  @Test
  void namedBackendThatCannotRun() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> RaceKit.builder().backend("broken").options(logToFile("broken")).open());
    assertTrue(e.getMessage().contains("libbroken.so is not on java.library.path"), e.getMessage());
    assertTrue(e.getMessage().contains("fast, slow, twin"), e.getMessage());
  }

  @Test
  void unknownBackendName() {
    System.setProperty(RaceKit.BACKEND_PROPERTY, "thunk");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> RaceKit.open(logToFile("unknown")));
    assertTrue(e.getMessage().contains("'thunk'") && e.getMessage().contains("broken, fast, slow, twin"),
        e.getMessage());
  }

  @Test
  void optionsComeFromTheSystemPropertyWhenNotGiven() {
    System.setProperty(RaceKit.OPTIONS_PROPERTY, "exitcode=9 log_path=" + tmp.resolve("env"));
    try (RaceDetector d = RaceKit.open()) {
      assertEquals(9, d.options().exitCode());
      assertEquals(9, FakeProviders.lastBackend.context.options().exitCode(), "the backend gets the same options");
    }
  }

  @Test
  void describeBackendsListsEveryProviderWithWhetherItCanRun() {
    assertEquals(List.of(
        "broken (priority 50): cannot run here: libbroken.so is not on java.library.path",
        "fast (priority 30): can run here",
        "slow (priority 10): can run here",
        "twin (priority 10): can run here"), RaceKit.describeBackends());
  }

  @Test
  void reportsFromTheBackendAreFormattedWithTheSymbolizerCountedAndSummarizedAtClose() throws Exception {
    RaceOptions o = RaceOptions.builder().logPath(tmp.resolve("reports").toString())
        .stripPathPrefix("/src/com/example/").build();
    List<RaceReport> seen = new ArrayList<>();
    RaceDetector d = RaceKit.builder().backend("fast").options(o).symbolizer(Reports.EXAMPLE).open();
    d.addListener(seen::add);
    FakeProviders.FakeBackend backend = FakeProviders.lastBackend;
    assertSame(o, backend.context.options());
    backend.context.reports().report(Reports.example());
    backend.context.reports().report(Reports.example());
    assertEquals(1, d.reportCount());
    assertEquals(List.of(Reports.example()), seen);
    assertEquals(7, d.unmappedAccessCount(), "asked of the backend");
    d.close();
    d.close();
    assertEquals(1, backend.closes.get(), "closing twice closes the backend once");
    assertEquals(new ReportFormatter(Reports.EXAMPLE, "/src/com/example/").format(Reports.example())
        + "Found 1 data race(s)\n", Files.readString(logFile("reports")));
  }

  @Test
  void nullArgumentsAreRejected() {
    assertThrows(NullPointerException.class, () -> RaceKit.builder().backend(null));
    assertThrows(NullPointerException.class, () -> RaceKit.builder().options(null));
    assertThrows(NullPointerException.class, () -> RaceKit.builder().symbolizer(null));
    try (RaceDetector d = RaceKit.builder().options(logToFile("nulls")).open()) {
      assertThrows(NullPointerException.class, () -> d.addListener(null));
      assertThrows(NullPointerException.class, () -> d.startThread(null, 0x10));
    }
  }
}
