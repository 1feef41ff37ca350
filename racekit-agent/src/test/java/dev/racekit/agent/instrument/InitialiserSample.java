package dev.racekit.agent.instrument;

/** A class with a static initialiser and uses of another class, renamed into an application package by the test. */
public class InitialiserSample {
  static final int[] TABLE = {1, 2, 3};
  static final int WIDTH = Integer.getInteger("width", 3);

  static int first() {
    return TABLE[0] + WIDTH;
  }

  static Object useOthers() throws ReflectiveOperationException {
    Object builder = new StringBuilder("jdk");
    Object peer = new InitialiserPeer();
    InitialiserPeer.touch();
    Object reflected = InitialiserPeer.class.getDeclaredConstructor().newInstance();
    return builder.toString() + peer + reflected + Class.forName("java.lang.String") + Math.abs(-1);
  }
}
