package dev.racekit.tck;

import dev.racekit.Frame;
import dev.racekit.Symbolizer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A symbolizer driven by a table: each defined pc gives its frames (one, or several for inlining, innermost first);
 * any other pc is unknown and prints as {@code ??()}.
 */
public final class TestSymbolizer implements Symbolizer {
  private final Map<Long, List<Frame>> table = new ConcurrentHashMap<>();

  /** Defines {@code pc} as one frame. */
  public TestSymbolizer define(long pc, String function, String file, int line, long offset) {
    table.put(pc, List.of(new Frame(function, file, line, offset)));
    return this;
  }

  /** Defines {@code pc} as several frames, innermost first (an inlined call). */
  public TestSymbolizer defineInlined(long pc, Frame... innermostFirst) {
    table.put(pc, List.of(innermostFirst));
    return this;
  }

  @Override
  public List<Frame> symbolize(long pc) {
    return table.getOrDefault(pc, List.of());
  }
}
