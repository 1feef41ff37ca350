/**
 * The native core called through FFM critical downcalls into amd64 thunks. Its classes are compiled for Java 25, this
 * descriptor for Java 17, so an older JVM reads it and skips the backend instead of refusing to boot. Exports nothing:
 * it is reached only as a service. Run with {@code --enable-native-access=dev.racekit.thunk}
 * so the JVM does not warn.
 */
module dev.racekit.thunk {
  requires dev.racekit.api;
  requires dev.racekit.nativelib;

  provides dev.racekit.spi.RaceBackendProvider with dev.racekit.thunk.ThunkBackendProvider;
}
