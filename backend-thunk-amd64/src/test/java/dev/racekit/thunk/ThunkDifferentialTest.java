package dev.racekit.thunk;

import dev.racekit.tck.diff.DifferentialSuite;
import org.junit.jupiter.api.BeforeAll;

/** The thunk backend against the Java reference on random event streams. */
class ThunkDifferentialTest extends DifferentialSuite {
  @BeforeAll
  static void onlyWhereTheThunksRun() {
    ThunkPlatform.assumeSupported();
  }

  @Override
  protected String backendName() {
    return "thunk";
  }
}
