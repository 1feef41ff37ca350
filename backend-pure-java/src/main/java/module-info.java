/** The reference backend in plain Java. Exports nothing: it is reached only as a service. */
module dev.racekit.purejava {
  requires dev.racekit.api;

  provides dev.racekit.spi.RaceBackendProvider with dev.racekit.purejava.JavaBackendProvider;
}
