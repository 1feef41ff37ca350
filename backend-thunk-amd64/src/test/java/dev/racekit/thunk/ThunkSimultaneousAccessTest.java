package dev.racekit.thunk;

import dev.racekit.tck.SimultaneousAccessSuite;
import org.junit.jupiter.api.BeforeAll;

/** Two Java threads access fresh words at the same moment through the thunks: every race is reported. */
class ThunkSimultaneousAccessTest extends SimultaneousAccessSuite {
  @BeforeAll
  static void onlyWhereTheThunksRun() {
    ThunkPlatform.assumeSupported();
  }

  @Override
  protected String backendName() {
    return "thunk";
  }
}
