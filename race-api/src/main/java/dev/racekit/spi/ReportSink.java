package dev.racekit.spi;

import dev.racekit.RaceReport;

/**
 * Receives raw race reports from a backend. Implemented by the core: it deduplicates, counts, prints and
 * notifies listeners. Thread-safe; may block briefly, so backends call it off their fast path only.
 */
@FunctionalInterface
public interface ReportSink {
  void report(RaceReport report);
}
