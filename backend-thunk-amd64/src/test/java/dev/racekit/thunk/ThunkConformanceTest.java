package dev.racekit.thunk;

import dev.racekit.tck.RaceConformanceSuite;
import org.junit.jupiter.api.BeforeAll;

/** Runs the whole conformance suite against the thunk backend. */
class ThunkConformanceTest extends RaceConformanceSuite {
  @BeforeAll
  static void onlyWhereTheThunksRun() {
    ThunkPlatform.assumeSupported();
  }

  @Override
  protected String backendName() {
    return "thunk";
  }
}
