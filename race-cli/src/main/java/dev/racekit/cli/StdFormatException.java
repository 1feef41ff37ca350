package dev.racekit.cli;

import java.io.IOException;

/** An STD trace line that does not parse or that the trace's semantics reject; the message names the line. */
final class StdFormatException extends IOException {
  private static final long serialVersionUID = 1L;
  private final long line;

  StdFormatException(String message, long line) {
    super(message);
    this.line = line;
  }

  /** The 1-based line number. */
  long line() {
    return line;
  }
}
