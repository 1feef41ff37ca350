package dev.racekit.spi;

import dev.racekit.RaceOptions;

/** What a backend gets from the core when it is created. */
public interface BackendContext {

  /**
   * The detector options (history size and the like).
   *
   * @return the options the detector was opened with
   */
  RaceOptions options();

  /**
   * Where the backend hands every race it finds; deduplication, counting and printing happen behind it.
   *
   * @return the sink
   */
  ReportSink reports();
}
