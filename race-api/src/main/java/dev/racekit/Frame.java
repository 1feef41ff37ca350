package dev.racekit;

import java.util.Objects;

/**
 * One symbolized stack frame.
 *
 * @param function the function name, {@code ??} when unknown
 * @param file the source file, {@code ??} when unknown
 * @param line the line number, 0 when unknown
 * @param offset the pc's offset from the function's entry, printed as {@code +0x..}
 */
public record Frame(String function, String file, int line, long offset) {
  /**
   * Checks the names.
   *
   * @throws NullPointerException if {@code function} or {@code file} is null
   */
  public Frame {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(file, "file");
  }

  /**
   * The frame printed for a pc that no symbolizer knows.
   *
   * @param pc the unknown pc
   * @return a frame that prints as {@code ??()} and {@code ??:0 +0x<pc>}
   */
  public static Frame unknown(long pc) {
    return new Frame("??", "??", 0, pc);
  }
}
