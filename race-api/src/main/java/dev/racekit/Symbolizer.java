package dev.racekit;

import java.util.List;

/**
 * Turns a tool's pc into source frames for reports. One pc may give several frames (inlining), innermost first.
 * Called only when a report is formatted, never on the access path.
 */
@FunctionalInterface
public interface Symbolizer {

  /**
   * The frames of {@code pc}.
   *
   * @param pc a pc the tool passed with an event
   * @return the frames, innermost first; an empty list means unknown and prints as {@link Frame#unknown(long)}
   */
  List<Frame> symbolize(long pc);

  /**
   * The symbolizer used when the tool gives none.
   *
   * @return a symbolizer that prints every pc as {@code ??()} with the raw pc
   */
  static Symbolizer raw() {
    return pc -> List.of(Frame.unknown(pc));
  }
}
