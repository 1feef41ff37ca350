package dev.racekit.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The golden text of DESIGN.md's race. It is kept once, as a resource of the conformance suite (race-tck, which
 * depends on this module and so cannot be a dependency of its tests); the tests read it from that module's sources.
 */
final class DesignRaceText {
  /** Relative to this module's directory (surefire's {@code basedir}); {@code -Dracekit.tck.resources} overrides it. */
  private static final String TCK_RESOURCES = "../race-tck/src/main/resources/dev/racekit/tck";

  private DesignRaceText() {}

  static String read() {
    String dir = System.getProperty("racekit.tck.resources");
    Path file = (dir != null ? Path.of(dir) : Path.of(System.getProperty("basedir", "."), TCK_RESOURCES))
        .resolve("design-race-report.txt");
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("the golden report text of race-tck is missing: " + file.toAbsolutePath(), e);
    }
  }
}
