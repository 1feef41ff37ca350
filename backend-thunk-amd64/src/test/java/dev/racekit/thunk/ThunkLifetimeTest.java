package dev.racekit.thunk;

import dev.racekit.tck.LifetimeSuite;
import org.junit.jupiter.api.BeforeAll;

/** close, end and feeding from several Java threads at the wrong time: the thunk backend must not crash. */
class ThunkLifetimeTest extends LifetimeSuite {
  @BeforeAll
  static void onlyWhereTheThunksRun() {
    ThunkPlatform.assumeSupported();
  }

  @Override
  protected String backendName() {
    return "thunk";
  }
}
