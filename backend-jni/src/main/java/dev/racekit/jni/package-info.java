/**
 * The JNI backend ({@code racekit.backend=jni}): the native detector core of race-native, called through one plain
 * JNI method per event. Selected automatically above the pure-Java backend when its library loads.
 */
package dev.racekit.jni;
