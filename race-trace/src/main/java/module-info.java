/** The RaceKit trace format: record a detector's event stream to a file and replay it into any detector. */
module dev.racekit.trace {
  requires transitive dev.racekit.api;

  exports dev.racekit.trace;
}
