package dev.racekit.thunk;

import dev.racekit.tck.SimultaneousAccessSuite;

/** Two Java threads access fresh words at the same moment through the thunks: every race is reported. */
class ThunkSimultaneousAccessTest extends SimultaneousAccessSuite implements RunsOnThunkPlatform {
  @Override
  protected String backendName() {
    return "thunk";
  }
}
