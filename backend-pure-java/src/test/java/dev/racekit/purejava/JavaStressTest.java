package dev.racekit.purejava;

import dev.racekit.tck.StressSuite;

/** Four Java threads drive the java backend concurrently: correct verdicts, no crash, flat memory. */
class JavaStressTest extends StressSuite {
  @Override
  protected String backendName() {
    return "java";
  }
}
