package dev.racekit.tck;

import dev.racekit.RaceThread;

/**
 * The body of a case that runs in a fresh scenario with children of its main thread already started (see
 * {@link TckBase#withChild}): the scenario and the children, in the order they were started.
 */
public final class CaseBody {
  private CaseBody() {}

  /** A case with one child of main. */
  @FunctionalInterface
  public interface OneChild {
    void run(Scenario s, RaceThread t);
  }

  /** A case with two children of main, {@code a} started before {@code b}. */
  @FunctionalInterface
  public interface TwoChildren {
    void run(Scenario s, RaceThread a, RaceThread b);
  }

  /** A case with three children of main, started in the order {@code a}, {@code b}, {@code c}. */
  @FunctionalInterface
  public interface ThreeChildren {
    void run(Scenario s, RaceThread a, RaceThread b, RaceThread c);
  }
}
