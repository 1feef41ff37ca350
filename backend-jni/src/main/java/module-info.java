/**
 * The native core called through JNI. Exports nothing: it is reached only as a service. Run with
 * {@code --enable-native-access=dev.racekit.nativelib} (the module that loads the library) to keep JDK 24+ quiet.
 */
module dev.racekit.jni {
  requires dev.racekit.api;
  requires dev.racekit.nativelib;

  provides dev.racekit.spi.RaceBackendProvider with dev.racekit.jni.JniBackendProvider;
}
