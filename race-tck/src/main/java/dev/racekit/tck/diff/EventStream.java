package dev.racekit.tck.diff;

import dev.racekit.RaceOptions;
import java.util.List;

/**
 * A stream of detector events, replayable into any backend ({@link EventReplayer}). Every stream made by
 * {@link RandomEventStreams} is valid: no call on an ended thread, no join of a running thread, no funcExit on an
 * empty stack, no ignoreEnd without ignoreBegin, no malformed argument.
 *
 * @param seed the seed it was generated from (or -1 for a hand-written or shrunk stream)
 * @param historySize the {@code history_size} option to replay it with (0..7)
 * @param events the events, in order
 */
public record EventStream(long seed, int historySize, List<Event> events) {
  public EventStream {
    events = List.copyOf(events);
  }

  /**
   * The options to replay it with: its history size, and {@code suppress_equal_stacks=0} so that a detector opened
   * through {@code RaceKit} passes on every raw report.
   */
  public RaceOptions options() {
    return RaceOptions.builder().historySize(historySize).suppressEqualStacks(false).build();
  }

  /** The same settings with other events (for shrinking). */
  public EventStream withEvents(List<Event> other) {
    return new EventStream(seed, historySize, other);
  }

  /** The events as Java code, one per line, numbered; at most {@code max} lines (the rest elided). */
  public String listing(int max) {
    StringBuilder sb = new StringBuilder();
    sb.append("// history_size=").append(historySize).append(", ").append(events.size()).append(" events\n");
    for (int i = 0; i < events.size(); i++) {
      if (i == max) {
        sb.append("// ... ").append(events.size() - max).append(" more\n");
        break;
      }
      sb.append(String.format("/* %4d */ %s;%n", i, events.get(i)));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "EventStream[seed " + seed + ", history_size " + historySize + ", " + events.size() + " events]";
  }
}
