package dev.racekit.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Runs with jdk.internal.misc exported to the unnamed module (surefire's argLine), as the agent exports it. */
class ClassInitializationTest {
  static final class NeverTouched {
    static int value = 1;
  }

  static final class Touched {
    static int value = 2;
  }

  @Test
  void tellsInitialisedClassesFromLoadedOnes() throws Exception {
    ClassInitialization init = ClassInitialization.probe();
    assertTrue(init.available(), "jdk.internal.misc.Unsafe could not be asked");
    assertTrue(Touched.value == 2 && init.test(Touched.class));
    Class<?> loaded = Class.forName(NeverTouched.class.getName(), false, getClass().getClassLoader());
    assertFalse(init.test(loaded), "loaded, not initialised");
    assertTrue(init.test(String.class));
  }
}
