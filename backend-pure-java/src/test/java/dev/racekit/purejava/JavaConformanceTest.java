package dev.racekit.purejava;

import dev.racekit.tck.RaceConformanceSuite;

/** Runs the whole conformance suite against the pure-Java backend. */
class JavaConformanceTest extends RaceConformanceSuite {
  @Override
  protected String backendName() {
    return "java";
  }
}
