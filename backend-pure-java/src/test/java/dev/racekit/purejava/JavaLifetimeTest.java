package dev.racekit.purejava;

import dev.racekit.tck.LifetimeSuite;

/** close, end and feeding from several Java threads at the wrong time: the java backend must not crash. */
class JavaLifetimeTest extends LifetimeSuite {
  @Override
  protected String backendName() {
    return "java";
  }
}
