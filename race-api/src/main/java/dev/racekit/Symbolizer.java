package dev.racekit;

import java.util.List;

/**
 * Turns a tool's pc into source frames for reports. One pc may give several frames (inlining), innermost first.
 * Called only when a report is formatted, never on the access path.
 */
@FunctionalInterface
public interface Symbolizer {

  /** The frames of {@code pc}, innermost first; an empty list means unknown and prints as {@link Frame#unknown(long)}. */
  List<Frame> symbolize(long pc);

  /** The symbolizer used when the tool gives none: every pc prints as {@code ??()} with the raw pc. */
  static Symbolizer raw() {
    return pc -> List.of(Frame.unknown(pc));
  }
}
