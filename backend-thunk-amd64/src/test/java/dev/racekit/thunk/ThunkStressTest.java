package dev.racekit.thunk;

import dev.racekit.tck.StressSuite;

/** Four Java threads drive the thunk backend concurrently: correct verdicts, no crash, flat memory. */
class ThunkStressTest extends StressSuite implements RunsOnThunkPlatform {
  @Override
  protected String backendName() {
    return "thunk";
  }
}
