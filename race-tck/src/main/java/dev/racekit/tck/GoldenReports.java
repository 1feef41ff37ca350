package dev.racekit.tck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Report texts that must come out character for character, kept once as resources of the conformance suite so that
 * the suite, the formatter's unit test and the container tests compare against the same text.
 */
public final class GoldenReports {
  /** The file name of {@link #DESIGN_RACE}, beside this class. */
  public static final String DESIGN_RACE_FILE = "design-race-report.txt";

  /**
   * The race of DESIGN.md as every backend must print it (with {@code strip_path_prefix} set to the directory of
   * the sources): thread 3 writes a word the main thread read. It ends with the closing rule; the summary line
   * ({@code Found 1 data race(s)}) is printed only at close and is not part of it.
   */
  public static final String DESIGN_RACE = load(DESIGN_RACE_FILE);

  private GoldenReports() {}

  private static String load(String name) {
    try (InputStream in = GoldenReports.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("race-tck resource missing: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
