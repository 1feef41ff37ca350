package dev.racekit.bench;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.core.RaceKit;

/**
 * What every benchmark shares: the address layout, opening a detector by backend name, and the check that no race
 * was reported (a report on the hot path would time the report machinery, not the detector).
 */
final class Detectors {
  /** The {@code @Param} value that runs the same loop with no detector at all. */
  static final String NONE = "none";

  /** Base of the mapped (synthetic) address range every benchmark uses. */
  static final long BASE = 0x10_0000_0000L;

  /** An address far outside every mapped range (and outside their bounding box, so the thunks' filter sees it). */
  static final long UNMAPPED = 0x7000_0000_0000L;

  /** Access pcs and call sites: arbitrary, never symbolized. */
  static final long PC = 0x40_1000L;

  static final long PC2 = 0x40_2000L;

  private Detectors() {}

  static boolean isNone(String backend) {
    return NONE.equals(backend);
  }

  /**
   * Opens a detector on the named backend with the default options (reports to stderr).
   *
   * @throws IllegalStateException with RaceKit's explanation when the backend cannot run here
   */
  static RaceDetector open(String backend) {
    return RaceKit.builder().backend(backend).options(RaceOptions.defaults()).open();
  }

  /** Fails loudly when the detector reported anything: the benchmark's event stream is meant to be race-free. */
  static void checkNoReports(RaceDetector d, String what) {
    long n = d.reportCount();
    if (n != 0) {
      throw new IllegalStateException("race-bench: " + what + " on backend '" + d.backendName() + "' reported " + n
          + " race(s); its event stream is meant to be race-free, so the timing is invalid (see the reports above)");
    }
  }

  /** Checks for reports, then closes; tolerates a detector that was never opened. */
  static void closeChecked(RaceDetector d, String what) {
    if (d == null) {
      return;
    }
    try {
      checkNoReports(d, what);
    } finally {
      d.close();
    }
  }
}
