package dev.racekit.trace;

import java.io.IOException;

/** A binary trace that cannot be read or replayed: not a trace, another version, damaged, or truncated. */
public final class TraceFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public TraceFormatException(String message) {
    super(message);
  }

  public TraceFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
