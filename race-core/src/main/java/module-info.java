/**
 * Opens a detector ({@link dev.racekit.core.RaceKit}): finds the backends through {@link java.util.ServiceLoader},
 * picks one, and formats, deduplicates and logs its reports. Put one or more backend modules beside it.
 */
module dev.racekit.core {
  requires transitive dev.racekit.api;
  requires org.slf4j;

  exports dev.racekit.core;

  uses dev.racekit.spi.RaceBackendProvider;
}
