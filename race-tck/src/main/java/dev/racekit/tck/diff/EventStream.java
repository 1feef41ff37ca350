package dev.racekit.tck.diff;

import dev.racekit.RaceOptions;
import java.util.ArrayList;
import java.util.Comparator;
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

  /**
   * A short stream with one event of every {@link Event.Op} but {@link Event.Op#BURST}, in an order every backend
   * accepts (the enter and the ignore begin before their ends, the child's end before its join): for checks that
   * every operation passes through something whole.
   */
  public static EventStream everyOperation() {
    List<Event> events = new ArrayList<>();
    for (Event.Op op : Event.Op.values()) {
      switch (op) {
        case BURST -> { }
        case MAP_SHADOW -> events.add(new Event(op, -1, 0x1000, 0x1000, 0));
        case START -> events.add(new Event(op, 0, 0x77, 1, 0));
        case END -> events.add(new Event(op, 1, 0, 0, 0));
        case JOIN -> events.add(new Event(op, 0, 0, 1, 0));
        case FUNC_EXIT, IGNORE_END, IGNORE_BEGIN -> events.add(new Event(op, 0, 0, 0, 0));
        case FUNC_ENTER -> events.add(new Event(op, 0, 0x98, 0, 0));
        default -> events.add(new Event(op, 0, 0x1008, 8, 0x99));
      }
    }
    events.sort(Comparator.comparingInt(e -> switch (e.op()) {
      case MAP_SHADOW -> 0;
      case START, FUNC_ENTER, IGNORE_BEGIN -> 1;
      case END -> 2;
      case JOIN -> 3;
      case FUNC_EXIT, IGNORE_END -> 5;
      default -> 4;
    }));
    return new EventStream(-1, 1, events);
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
