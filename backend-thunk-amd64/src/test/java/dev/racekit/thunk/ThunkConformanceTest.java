package dev.racekit.thunk;

import dev.racekit.tck.RaceConformanceSuite;

/** Runs the whole conformance suite against the thunk backend. */
class ThunkConformanceTest extends RaceConformanceSuite implements RunsOnThunkPlatform {
  @Override
  protected String backendName() {
    return "thunk";
  }
}
