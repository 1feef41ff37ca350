package dev.racekit.trace;

import dev.racekit.ForwardingRaceDetector;
import dev.racekit.Frame;
import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import dev.racekit.Symbolizer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@link RaceDetector} decorator that writes every event it forwards to a binary trace file, so that a run can be
 * replayed later ({@code racekit replay FILE}, or {@link TraceReader}) with another backend or other options, and
 * give the same reports.
 *
 * <pre>{@code
 * try (RaceDetector d = RecordingDetector.to(Path.of("run.rktrace")).symbolizer(mySymbolizer)
 *     .wrap(RaceKit.builder().symbolizer(mySymbolizer).open())) {
 *   ... feed d exactly as the undecorated detector ...
 * }
 * }</pre>
 *
 * <p>Every call of the detector and of its threads is recorded: thread start, end and join, shadow mapping,
 * accesses of every kind, function entry and exit, synchronization, ignore regions, malloc and free. The record is
 * written and the call forwarded under one lock, so the file holds the events in exactly the order the backend
 * processed them, even when many Java threads feed the detector; replaying that order reproduces the backend's
 * decisions. A call the backend rejects (it throws) is taken back out of the recording. The lock makes recording
 * slower than detecting alone; a recording is for reproducing and comparing, not for production runs.
 *
 * <p>With a {@linkplain Builder#symbolizer(Symbolizer) symbolizer}, the recording keeps the frames of every pc it
 * saw, so a replay prints the same stacks as the live run. {@link #nameAddress(long, String)} attaches names to
 * addresses (variables, locks) for tools that show them. The trace is complete when the detector is
 * {@linkplain #close() closed}; with {@code halt_on_error=1} it is flushed before each report so that the racing
 * event is on disk when the process halts.
 */
public final class RecordingDetector extends ForwardingRaceDetector {
  private final OutputStream out;
  private final TraceWriter writer;
  private final Symbolizer symbolizer;
  private final LongHashSet pcs;
  private final Map<Long, String> names = new TreeMap<>(Long::compareUnsigned);
  private final RecordingThread main;
  private int nextId = 1;
  private boolean closed;

  private RecordingDetector(RaceDetector delegate, OutputStream out, Symbolizer symbolizer,
      Map<String, String> metadata) {
    super(delegate);
    this.out = out;
    this.writer = new TraceWriter(out);
    this.symbolizer = symbolizer;
    this.pcs = new LongHashSet();
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("created-by", "racekit RecordingDetector");
    meta.put("backend", delegate.backendName());
    meta.put("options", delegate.options().toString());
    meta.putAll(metadata);
    writer.header(meta);
    this.main = new RecordingThread(this, delegate.mainThread(), 0);
    if (delegate.options().haltOnError()) {
      delegate.addListener(report -> {
        synchronized (this) {
          writer.flush(); // the process halts after the listeners; keep the racing event
        }
      });
    }
  }

  /** Records everything {@code delegate} does into {@code file} (created or truncated). */
  public static RecordingDetector wrap(RaceDetector delegate, Path file) throws IOException {
    return to(file).wrap(delegate);
  }

  /** Starts configuring a recording into {@code file} (created or truncated when the recording starts). */
  public static Builder to(Path file) {
    return new Builder(Objects.requireNonNull(file, "file"), null);
  }

  /** Starts configuring a recording into {@code out}, which the recording closes when it is closed. */
  public static Builder to(OutputStream out) {
    return new Builder(null, Objects.requireNonNull(out, "out"));
  }

  /** Configures a recording. */
  public static final class Builder {
    private final Path file;
    private final OutputStream stream;
    private Symbolizer symbolizer;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder(Path file, OutputStream stream) {
      this.file = file;
      this.stream = stream;
    }

    /** Keeps the frames of every recorded pc, so that a replay prints the stacks the live run printed. */
    public Builder symbolizer(Symbolizer symbolizer) {
      this.symbolizer = Objects.requireNonNull(symbolizer, "symbolizer");
      return this;
    }

    /** A free-form key/value pair stored in the trace header, for example the tool and its version. */
    public Builder metadata(String key, String value) {
      metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Starts recording what {@code delegate} does; closing the returned detector closes {@code delegate}. */
    public RecordingDetector wrap(RaceDetector delegate) throws IOException {
      Objects.requireNonNull(delegate, "delegate");
      if (delegate instanceof RecordingDetector) {
        throw new IllegalArgumentException("racekit: the detector is already being recorded");
      }
      OutputStream out = stream != null ? stream : new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
      return new RecordingDetector(delegate, out, symbolizer, metadata);
    }

    /**
     * Records without detecting: the events are checked as a backend checks them (arguments, thread lifecycle),
     * written, and otherwise dropped. The fastest way to capture a run for later analysis.
     */
    public RecordingDetector recordOnly(RaceOptions options) throws IOException {
      return wrap(new NoopDetector(Objects.requireNonNull(options, "options")));
    }
  }

  /**
   * Names an address (a variable, a lock) in the recording; a replay can show the name next to the address.
   * The last name given to an address wins.
   */
  public synchronized void nameAddress(long address, String name) {
    names.put(address, Objects.requireNonNull(name, "name"));
  }

  /** How many events were recorded so far. */
  public synchronized long recordedEvents() {
    return writer.events();
  }

  @Override
  public RaceThread mainThread() {
    delegate().mainThread(); // throws when closed
    return main;
  }

  @Override
  public RaceThread startThread(RaceThread parent, long pc) {
    RecordingThread p = unwrap(parent, "parent");
    synchronized (this) {
      TraceWriter w = begin(p.id, TraceFormat.START_THREAD);
      w.pc(pc);
      RaceThread child;
      try {
        child = delegate().startThread(p.delegate(), pc);
      } catch (RuntimeException e) {
        w.rollback();
        throw e;
      }
      notePc(pc);
      return new RecordingThread(this, child, nextId++);
    }
  }

  @Override
  public synchronized void mapShadow(long base, long size) {
    checkOpen();
    writer.globalEvent(TraceFormat.MAP_SHADOW);
    writer.varint(base);
    writer.varint(size);
    try {
      delegate().mapShadow(base, size);
    } catch (RuntimeException e) {
      writer.rollback();
      throw e;
    }
  }

  /** Closes the detector being recorded, then completes the trace (symbols, names, footer) and closes the file. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      delegate().close();
    } finally {
      try {
        writer.finish(symbols(), names, nextId, pcs.size());
      } finally {
        try {
          out.close();
        } catch (IOException e) {
          throw new UncheckedIOException("racekit: cannot close the recording", e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "RecordingDetector[" + delegate() + "]";
  }

  /** Starts an event of thread {@code id}; must hold the lock. */
  TraceWriter begin(int id, int op) {
    checkOpen();
    writer.event(id, op);
    return writer;
  }

  void notePc(long pc) {
    pcs.add(pc);
  }

  RecordingThread unwrap(RaceThread t, String what) {
    if (t instanceof RecordingThread r && r.recorder == this) {
      return r;
    }
    Objects.requireNonNull(t, what);
    throw new IllegalArgumentException("racekit: the " + what + " thread belongs to another detector");
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("racekit: the detector is closed");
    }
  }

  private Map<Long, List<Frame>> symbols() {
    if (symbolizer == null) {
      return null;
    }
    Map<Long, List<Frame>> out = new LinkedHashMap<>();
    for (long pc : pcs.toSortedArray()) {
      List<Frame> frames;
      try {
        frames = symbolizer.symbolize(pc);
      } catch (RuntimeException e) {
        frames = null;
      }
      if (frames != null && !frames.isEmpty()) {
        out.put(pc, List.copyOf(frames));
      }
    }
    return out;
  }
}
