package dev.racekit.tck.diff;

import dev.racekit.RaceDetector;
import dev.racekit.RaceListener;
import dev.racekit.RaceOptions;
import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import dev.racekit.spi.Availability;
import dev.racekit.spi.BackendContext;
import dev.racekit.spi.RaceBackend;
import dev.racekit.spi.RaceBackendProvider;
import dev.racekit.spi.ReportSink;
import dev.racekit.tck.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Plays an {@link EventStream} into a detector and collects what it reports.
 *
 * <p>{@link #replay(String, EventStream)} drives a backend directly through the SPI, with a sink that keeps every
 * raw report (no deduplication, no printing): the form to compare backends with. {@link #replay(RaceDetector,
 * EventStream)} drives a detector opened through {@code RaceKit}, and sees what its listeners see.
 */
public final class EventReplayer {

  /**
   * What a replay produced.
   *
   * @param reports every report, in the order the backend produced it
   * @param reportEvents for each report, the index of the event that found it
   * @param unmappedAccessCount the detector's {@code unmappedAccessCount()} after the last event
   * @param failure the exception an event threw (a stream error or a backend bug), or null
   * @param failedAt the index of the event that threw, or -1
   */
  public record Result(List<RaceReport> reports, List<Integer> reportEvents, long unmappedAccessCount,
      RuntimeException failure, int failedAt) {
    public Result {
      reports = Collections.unmodifiableList(new ArrayList<>(reports));
      reportEvents = Collections.unmodifiableList(new ArrayList<>(reportEvents));
    }

    /** Whether every event ran without an exception. */
    public boolean completed() {
      return failure == null;
    }
  }

  private EventReplayer() {}

  /**
   * Replays {@code stream} into a fresh instance of the backend named {@code backendName}, created straight from its
   * provider with the stream's options, and closes it.
   *
   * @throws IllegalStateException when no such backend is on the class path or it cannot run here
   */
  public static Result replay(String backendName, EventStream stream) {
    RaceBackendProvider provider = provider(backendName);
    List<RaceReport> reports = new ArrayList<>();
    Recorder recorder = new Recorder(reports);
    RaceOptions options = stream.options();
    RaceBackend backend = provider.create(new BackendContext() {
      @Override
      public RaceOptions options() {
        return options;
      }

      @Override
      public ReportSink reports() {
        return recorder;
      }
    });
    try {
      return run(new Target(backend::mainThread, backend::startThread, backend::mapShadow,
          backend::unmappedAccessCount), stream, recorder);
    } finally {
      backend.close();
    }
  }

  /**
   * Replays {@code stream} into {@code detector} (which the caller opened, with {@link EventStream#options()} for raw
   * reports, and closes). The detector must have mapped nothing and have only its main thread.
   */
  public static Result replay(RaceDetector detector, EventStream stream) {
    List<RaceReport> reports = new ArrayList<>();
    Recorder recorder = new Recorder(reports);
    RaceListener listener = recorder::report;
    detector.addListener(listener);
    try {
      return run(new Target(detector::mainThread, detector::startThread, detector::mapShadow,
          detector::unmappedAccessCount), stream, recorder);
    } finally {
      detector.removeListener(listener);
    }
  }

  /** The provider named {@code name} on this class loader's class path. */
  static RaceBackendProvider provider(String name) {
    List<String> found = new ArrayList<>();
    for (RaceBackendProvider p : ServiceLoader.load(RaceBackendProvider.class, EventReplayer.class.getClassLoader())) {
      if (p.name().equals(name)) {
        Availability a = p.availability();
        if (!a.available()) {
          throw new IllegalStateException("backend '" + name + "' cannot run here: " + a.reason());
        }
        return p;
      }
      found.add(p.name());
    }
    throw new IllegalStateException("backend '" + name + "' is not on the class path; found " + found);
  }

  /** What a replay needs of a detector or a backend (they have these methods, but no common type). */
  private record Target(Supplier<RaceThread> main, BiFunction<RaceThread, Long, RaceThread> start,
      BiConsumer<Long, Long> map, LongSupplier unmapped) {
    RaceThread mainThread() {
      return main.get();
    }

    RaceThread startThread(RaceThread parent, long pc) {
      return start.apply(parent, pc);
    }

    void mapShadow(long base, long size) {
      map.accept(base, size);
    }

    long unmappedAccessCount() {
      return unmapped.getAsLong();
    }
  }

  /** Collects reports and notes which event found each one. */
  private static final class Recorder implements ReportSink {
    final List<RaceReport> reports;
    final List<Integer> events = new ArrayList<>();
    int event = -1;

    Recorder(List<RaceReport> reports) {
      this.reports = reports;
    }

    @Override
    public synchronized void report(RaceReport report) {
      reports.add(report);
      events.add(event);
    }
  }

  private static Result run(Target d, EventStream stream, Recorder recorder) {
    Map<Integer, RaceThread> threads = new HashMap<>();
    threads.put(0, d.mainThread());
    List<Event> events = stream.events();
    int i = 0;
    try {
      for (; i < events.size(); i++) {
        recorder.event = i;
        play(d, threads, events.get(i));
      }
    } catch (RuntimeException e) {
      long unmapped;
      try {
        unmapped = d.unmappedAccessCount();
      } catch (RuntimeException e2) {
        unmapped = -1;
      }
      return new Result(recorder.reports, recorder.events, unmapped, e, i);
    }
    return new Result(recorder.reports, recorder.events, d.unmappedAccessCount(), null, -1);
  }

  private static void play(Target d, Map<Integer, RaceThread> threads, Event e) {
    if (e.op() == Event.Op.MAP_SHADOW) {
      d.mapShadow(e.a(), e.b());
      return;
    }
    RaceThread t = thread(threads, e.thread());
    if (e.op() == Event.Op.START) {
      threads.put((int) e.b(), d.startThread(t, e.a()));
    } else if (e.op() == Event.Op.BURST) {
      for (int k = 0; k < e.b(); k++) {
        t.funcEnter(e.c() + (k & 7));
        if ((k & 15) == 0) {
          t.write(e.a() + 8L * ((k >>> 4) & 63), 8, e.c());
        }
        t.funcExit();
      }
    } else {
      // every thread event: the call the Operation table names, with the operands its shape takes
      Operation o = e.op().operation();
      o.invoke(t, arguments(o.shape(), e, threads));
    }
  }

  /** The API call's arguments for {@code e}'s operands (see {@link Event} for which operand is which). */
  private static Object[] arguments(Operation.Shape shape, Event e, Map<Integer, RaceThread> threads) {
    switch (shape) {
      case NONE: return new Object[0];
      case PC: case SYNC: return new Object[] {e.a()};
      case ADDR_PC: return new Object[] {e.a(), e.c()};
      case ADDR_SIZE_PC: return new Object[] {e.a(), (int) e.b(), e.c()};
      case RANGE: return new Object[] {e.a(), e.b()};
      case RANGE_PC: return new Object[] {e.a(), e.b(), e.c()};
      case CHILD: return new Object[] {thread(threads, (int) e.b())};
      default: throw new AssertionError(shape + " is not the shape of a thread event");
    }
  }

  private static RaceThread thread(Map<Integer, RaceThread> threads, int handle) {
    RaceThread t = threads.get(handle);
    if (t == null) {
      throw new IllegalArgumentException("stream error: thread t" + handle + " was never started");
    }
    return t;
  }
}
