package dev.racekit.thunk;

import dev.racekit.tck.diff.DifferentialSuite;

/** The thunk backend against the Java reference on random event streams. */
class ThunkDifferentialTest extends DifferentialSuite implements RunsOnThunkPlatform {
  @Override
  protected String backendName() {
    return "thunk";
  }
}
