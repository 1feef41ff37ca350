package dev.racekit.jni;

import dev.racekit.tck.LifetimeSuite;

/** close, end and feeding from several Java threads at the wrong time: the jni backend must not crash. */
class JniLifetimeTest extends LifetimeSuite {
  @Override
  protected String backendName() {
    return "jni";
  }
}
