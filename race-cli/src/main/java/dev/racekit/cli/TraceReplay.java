package dev.racekit.cli;

import dev.racekit.RaceDetector;
import dev.racekit.trace.ReplayLimits;
import dev.racekit.trace.TraceReader;
import java.io.IOException;
import java.util.function.LongFunction;

/**
 * One replay of a trace, from whichever reader opened it, into a detector (a backend's or an analysis'): the counts
 * every replay prints, and the reader's own result (exactly one of {@code std} and {@code bin} is set).
 */
record TraceReplay(long events, int threads, long locations, StdReplayer.Result std, TraceReader.Result bin) {

  /**
   * Replays {@code std} when it is set, else {@code reader}, under the limits a trace of its size may claim; then,
   * whether the replay finished or failed, finishes the progress bar and closes the detector (which delivers the
   * reports it still holds).
   *
   * @param bar null when no progress is shown
   * @param stdBytes the STD file's size (the binary reader knows its own)
   */
  static TraceReplay runAndClose(StdReplayer std, TraceReader reader, RaceDetector detector, ProgressBar bar,
      boolean lenient, LongFunction<ReplayLimits> limits, long stdBytes) throws IOException {
    try {
      return run(std, reader, detector, bar, lenient, limits, stdBytes);
    } finally {
      if (bar != null) {
        bar.finish();
      }
      detector.close();
    }
  }

  private static TraceReplay run(StdReplayer std, TraceReader reader, RaceDetector detector, ProgressBar bar,
      boolean lenient, LongFunction<ReplayLimits> limits, long stdBytes) throws IOException {
    if (std != null) {
      std.maxLiveThreads(limits.apply(stdBytes).maxLiveThreads());
      StdReplayer.Result r = std.replay(detector, bar == null ? null : bar::update);
      return new TraceReplay(r.events(), r.threads(), r.locations(), r, null);
    }
    TraceReader.Result r = reader.replay(detector, bar == null ? null : bar::update, lenient,
        limits.apply(reader.fileSize()));
    return new TraceReplay(r.events(), r.threads(), r.locations(), null, r);
  }
}
