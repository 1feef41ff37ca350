/**
 * The native core called through JNI. Exports nothing: it is reached only as a service. On JDK 24+ run with
 * {@code --enable-native-access=dev.racekit.nativelib,dev.racekit.jni} (the module that loads the library and the
 * one that declares the native methods) so the JVM does not warn.
 */
module dev.racekit.jni {
  requires dev.racekit.api;
  requires dev.racekit.nativelib;

  provides dev.racekit.spi.RaceBackendProvider with dev.racekit.jni.JniBackendProvider;
}
