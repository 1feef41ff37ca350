package dev.racekit.jni;

import dev.racekit.tck.SimultaneousAccessSuite;

/** Two Java threads access fresh words at the same moment through JNI: every race is reported. */
class JniSimultaneousAccessTest extends SimultaneousAccessSuite {
  @Override
  protected String backendName() {
    return "jni";
  }
}
