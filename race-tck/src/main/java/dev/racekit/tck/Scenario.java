package dev.racekit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.racekit.RaceDetector;
import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One open detector with the tck's address range mapped, a listener that keeps every report, and the log file the
 * reports are printed to. Created by {@link TckBase#open()}; closed after each test.
 */
public final class Scenario implements AutoCloseable {
  private final RaceDetector detector;
  private final RaceThread main;
  private final Path logFile;
  private final List<RaceReport> reports = new CopyOnWriteArrayList<>();

  Scenario(RaceDetector detector, Path logBase) {
    this.detector = detector;
    this.main = detector.mainThread();
    this.logFile = Path.of(logBase + "." + ProcessHandle.current().pid());
    detector.addListener(reports::add);
    detector.mapShadow(TckBase.BASE, TckBase.MAP_SIZE);
  }

  public RaceDetector detector() {
    return detector;
  }

  /** The main thread (id 0). */
  public RaceThread main() {
    return main;
  }

  /** Starts a child of the main thread at code location {@code pc}. */
  public RaceThread start(long pc) {
    return detector.startThread(main, pc);
  }

  /** Starts a child of {@code parent} at code location {@code pc}. */
  public RaceThread start(RaceThread parent, long pc) {
    return detector.startThread(parent, pc);
  }

  /** Ends {@code child} and joins it from {@code joiner}. */
  public void endAndJoin(RaceThread joiner, RaceThread child) {
    child.end();
    joiner.join(child);
  }

  /** The reports the listener received so far, in order. */
  public List<RaceReport> reports() {
    return new ArrayList<>(reports);
  }

  /** The single report so far; fails unless exactly one was made (by the listener and by the count). */
  public RaceReport onlyReport() {
    assertEquals(1, reports.size(), () -> "expected exactly one report, got " + reports);
    assertEquals(1, detector.reportCount(), "reportCount");
    return reports.get(0);
  }

  /** The report log file ({@code log_path} with {@code .<pid>} appended). */
  public Path logFile() {
    return logFile;
  }

  /** The text printed to the log so far. */
  public String logText() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    detector.close();
  }
}
