package dev.racekit.thunk;

import dev.racekit.tck.LifetimeSuite;

/** close, end and feeding from several Java threads at the wrong time: the thunk backend must not crash. */
class ThunkLifetimeTest extends LifetimeSuite implements RunsOnThunkPlatform {
  @Override
  protected String backendName() {
    return "thunk";
  }
}
