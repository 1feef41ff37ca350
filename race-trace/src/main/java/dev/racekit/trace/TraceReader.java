package dev.racekit.trace;

import dev.racekit.Frame;
import dev.racekit.RaceDetector;
import dev.racekit.Symbolizer;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads a binary trace ({@link TraceFormat}) and replays its events into a {@link RaceDetector}.
 *
 * <pre>{@code
 * try (TraceReader trace = TraceReader.open(Path.of("run.rktrace"));
 *      RaceDetector d = RaceKit.builder().backend("java").symbolizer(trace.symbolizer()).open()) {
 *   TraceReader.Result r = trace.replay(d, null, false);
 * }
 * }</pre>
 *
 * <p>Opening reads the header and finds the trailer, so the symbolizer exists before the detector that prints
 * reports is opened; the frames and names themselves are decoded on first use. {@link #replay} decodes the events in
 * one pass over a large buffer and calls the detector directly, with nothing allocated per event.
 *
 * <p>The parts of the file each have their reader: {@code TraceHeader}, {@code TraceTrailer} and
 * {@code EventDecoder}, which read ahead with a {@link ReadAheadBuffer} and decode numbers with {@code Varint}.
 */
public final class TraceReader implements Closeable {
  private final Path file;
  private final FileChannel channel;
  private final long fileSize;
  private final TraceHeader header;
  private final TraceTrailer trailer; // null when absent
  private Map<Long, List<Frame>> symbols;
  private Map<Long, String> names;
  private boolean replayed;

  private TraceReader(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.fileSize = channel.size();
    this.header = TraceHeader.read(file, channel, fileSize);
    this.trailer = TraceTrailer.read(file, channel, fileSize, header.eventsStart());
  }

  /**
   * Opens a binary trace and reads its header and trailer.
   *
   * @throws TraceFormatException when the file is not a binary trace of a supported version, or is damaged
   * @throws IOException when it cannot be read
   */
  public static TraceReader open(Path file) throws IOException {
    // java.io's RandomAccessFile opens faster than NIO's Files in a fresh JVM, which matters for short replays
    FileChannel ch = new RandomAccessFile(file.toFile(), "r").getChannel();
    try {
      return new TraceReader(file, ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The trace's format version. */
  public int version() {
    return header.version();
  }

  /** The header's key/value pairs (for example {@code backend}, {@code options}, {@code source}). */
  public Map<String, String> metadata() {
    return header.metadata();
  }

  /**
   * Whether the trace has its trailer and footer (written when the recording is closed). Without them its symbols
   * and address names are lost: a recording that was not closed, or a file that was cut.
   */
  public boolean hasTrailer() {
    return trailer != null;
  }

  /** Whether the trace carries frames for its pcs. */
  public boolean hasSymbols() {
    return trailer != null && trailer.hasSymbols();
  }

  /**
   * A symbolizer over the frames stored in the trace; pcs it does not hold print as unknown. The frames are decoded
   * when the first pc is symbolized, so a replay that reports nothing never pays for them.
   */
  public Symbolizer symbolizer() {
    return pc -> symbols().getOrDefault(pc, List.of());
  }

  /** The names the recording gave to addresses, in address order (decoded on first use). */
  public synchronized Map<Long, String> addressNames() {
    if (names == null) {
      names = Collections.unmodifiableMap(trailer != null ? trailer.names() : Map.of());
    }
    return names;
  }

  private synchronized Map<Long, List<Frame>> symbols() {
    if (symbols == null) {
      symbols = trailer != null ? trailer.symbols() : Map.of();
    }
    return symbols;
  }

  /** The size of the trace file in bytes. */
  public long fileSize() {
    return fileSize;
  }

  /**
   * Receives the progress of a replay about every 65,536 events (or, for an STD text trace, lines). The common
   * progress type of every trace replay.
   */
  @FunctionalInterface
  public interface Progress {
    void update(long bytesRead, long totalBytes, long events);
  }

  /**
   * What a replay did.
   *
   * @param events the events replayed
   * @param threads the threads the trace created, main included
   * @param locations the distinct pcs of the events
   * @param complete whether the trace ended with its end marker (false: the recording was not closed)
   */
  public record Result(long events, int threads, long locations, boolean complete) {}

  /**
   * Replays every event into {@code detector}, whose main thread stands for the trace's main thread. Can be called
   * once per reader.
   *
   * @param progress told about the progress, or null
   * @param lenient when true, a trace cut off in the middle of an event (a recording that was not closed) replays up
   *     to the cut; otherwise that is an error. A trace that simply lacks its end marker replays in both modes
   *     ({@link Result#complete()} is false).
   * @throws TraceFormatException for a damaged trace, or an event the detector rejects (the message gives its
   *     offset); the events before it were replayed
   */
  public Result replay(RaceDetector detector, Progress progress, boolean lenient) throws IOException {
    return replay(detector, progress, lenient, ReplayLimits.NONE);
  }

  /**
   * {@link #replay(RaceDetector, Progress, boolean)} that refuses a trace which claims more than {@code limits}
   * allow (more mapped bytes, or more live threads): the claim is an error naming the limit, even when lenient,
   * before the detector allocates anything for it.
   */
  public Result replay(RaceDetector detector, Progress progress, boolean lenient, ReplayLimits limits)
      throws IOException {
    if (replayed) {
      throw new IllegalStateException("racekit: a TraceReader replays once; open the trace again");
    }
    replayed = true;
    // the trailer of a closed recording holds the number of distinct pcs; the decoder counts them only without it
    long knownLocations = trailer != null ? trailer.locations() : -1;
    return new EventDecoder(file, channel, header.eventsStart(), fileSize)
        .replay(detector, progress, lenient, limits, knownLocations);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
