package dev.racekit.jni;

import dev.racekit.tck.RaceConformanceSuite;

/** Runs the whole conformance suite against the JNI backend. */
class JniConformanceTest extends RaceConformanceSuite {
  @Override
  protected String backendName() {
    return "jni";
  }
}
