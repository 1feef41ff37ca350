package dev.racekit.purejava;

import dev.racekit.tck.SimultaneousAccessSuite;

/** Two Java threads access fresh words at the same moment: every race is reported. */
class JavaSimultaneousAccessTest extends SimultaneousAccessSuite {
  @Override
  protected String backendName() {
    return "java";
  }
}
