/**
 * The RaceKit API that tools call ({@code dev.racekit}) and the SPI that backends implement ({@code dev.racekit.spi}).
 * No dependencies. Tools open a detector through the {@code dev.racekit.core} module.
 */
module dev.racekit.api {
  exports dev.racekit;
  exports dev.racekit.spi;
}
