package dev.racekit;

/**
 * Receives each reported race. Called on the Java thread whose event found the race, after deduplication;
 * a listener that throws does not stop the detector (the exception is logged).
 */
@FunctionalInterface
public interface RaceListener {
  /**
   * Called once for each reported race.
   *
   * @param report the race
   */
  void onRace(RaceReport report);
}
