package dev.racekit.jni;

import dev.racekit.tck.StressSuite;

/** Four Java threads drive the jni backend concurrently: correct verdicts, no crash, flat memory. */
class JniStressTest extends StressSuite {
  @Override
  protected String backendName() {
    return "jni";
  }
}
