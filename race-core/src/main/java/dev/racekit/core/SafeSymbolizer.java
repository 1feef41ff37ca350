package dev.racekit.core;

import dev.racekit.Frame;
import dev.racekit.Symbolizer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool's symbolizer, made safe to call while a report is written: a pc whose symbolization throws, or gives a
 * null list or a null frame, prints as the raw pc ({@link Frame#unknown(long)}), and the first failure is logged once.
 * Without it a broken symbolizer would make the report's {@code write} throw and the listeners never hear of the race.
 */
final class SafeSymbolizer implements Symbolizer {
  private static final Logger LOG = LoggerFactory.getLogger(SafeSymbolizer.class);

  private final Symbolizer delegate;
  private final AtomicBoolean logged = new AtomicBoolean();

  private SafeSymbolizer(Symbolizer delegate) {
    this.delegate = delegate;
  }

  /** {@code symbolizer} wrapped, unless it already is. */
  static Symbolizer wrap(Symbolizer symbolizer) {
    return symbolizer instanceof SafeSymbolizer ? symbolizer : new SafeSymbolizer(symbolizer);
  }

  @Override
  public List<Frame> symbolize(long pc) {
    List<Frame> frames;
    try {
      frames = delegate.symbolize(pc);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      failed(pc, e.toString(), e);
      return raw(pc);
    }
    if (frames == null) {
      return List.of(); // documented as unknown; the formatter prints the raw pc
    }
    for (Frame f : frames) {
      if (f == null) {
        failed(pc, "a null frame", null);
        return raw(pc);
      }
    }
    return frames;
  }

  private static List<Frame> raw(long pc) {
    return List.of(Frame.unknown(pc));
  }

  private void failed(long pc, String what, Throwable e) {
    if (logged.compareAndSet(false, true)) {
      LOG.warn("racekit: symbolizer {} failed for pc 0x{} ({}); reports print raw pcs where it fails (logged once)",
          delegate, Long.toHexString(pc), what, e);
    }
  }
}
