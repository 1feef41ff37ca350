package dev.racekit.thunk;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.racekit.nativelib.NativeLibraryLoader;
import org.junit.jupiter.api.BeforeAll;

/**
 * The thunk backend's tests need the platform its assembly is written for: a test class that implements this
 * interface is skipped, with the reason, everywhere else.
 */
interface RunsOnThunkPlatform {
  @BeforeAll
  static void assumeSupported() {
    String platform = NativeLibraryLoader.currentPlatform();
    assumeTrue("linux-x86_64".equals(platform), "the thunk backend runs on linux-x86_64 only; this is " + platform
        + ", so its tests are skipped");
  }
}
