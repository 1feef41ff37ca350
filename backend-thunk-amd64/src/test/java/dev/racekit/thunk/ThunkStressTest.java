package dev.racekit.thunk;

import dev.racekit.tck.StressSuite;
import org.junit.jupiter.api.BeforeAll;

/** Four Java threads drive the thunk backend concurrently: correct verdicts, no crash, flat memory. */
class ThunkStressTest extends StressSuite {
  @BeforeAll
  static void onlyWhereTheThunksRun() {
    ThunkPlatform.assumeSupported();
  }

  @Override
  protected String backendName() {
    return "thunk";
  }
}
