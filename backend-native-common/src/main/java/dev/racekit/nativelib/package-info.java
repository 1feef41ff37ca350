/**
 * What the native backends share: {@link dev.racekit.nativelib.NativeLibraryLoader} finds the library a backend jar
 * carries for this platform, extracts it privately and loads it (or says exactly why it cannot);
 * {@link dev.racekit.nativelib.NativeReports} decodes the core's flat report layout; and
 * {@link dev.racekit.nativelib.NativeErrors} maps the core's error codes to the exceptions the Java backend throws.
 * The JNI backend uses all three; the thunk backend, which depends on backend-jni, reuses them.
 */
package dev.racekit.nativelib;
