package dev.racekit.spi;

import dev.racekit.RaceReport;

/**
 * Receives raw race reports from a backend. Implemented by the core: it deduplicates, counts, prints and
 * notifies listeners. Thread-safe; may block briefly, so backends call it off their fast path only.
 */
@FunctionalInterface
public interface ReportSink {
  /**
   * Takes one race as the backend found it (before deduplication).
   *
   * @param report the race
   */
  void report(RaceReport report);
}
