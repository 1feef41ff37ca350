package dev.racekit.core;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.Symbolizer;
import dev.racekit.spi.BackendContext;
import dev.racekit.spi.RaceBackend;
import dev.racekit.spi.RaceBackendProvider;
import dev.racekit.spi.ReportSink;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens race detectors.
 *
 * <pre>{@code
 * try (RaceDetector d = RaceKit.open()) {
 *   d.mapShadow(0x1000, 1 << 20);
 *   RaceThread main = d.mainThread();
 *   RaceThread t = d.startThread(main, 0x10);
 *   t.write(0x1008, 8, 0x20);
 *   main.read(0x1008, 8, 0x30); // reported: the start does not order the child's write before main's read
 * }
 * }</pre>
 *
 * <p>The backend is the one named by the system property {@code racekit.backend} ({@code java}, {@code jni},
 * {@code thunk}), or else the highest-priority one that can run here. Options come from the system property
 * {@code racekit.options}, else the environment variable {@code RACEKIT_OPTIONS}, else the defaults.
 */
public final class RaceKit {
  /** System property that names the backend. */
  public static final String BACKEND_PROPERTY = "racekit.backend";
  /** System property with the option string. */
  public static final String OPTIONS_PROPERTY = "racekit.options";
  /** Environment variable with the option string, used when the property is not set. */
  public static final String OPTIONS_ENV = "RACEKIT_OPTIONS";

  private static final Logger LOG = LoggerFactory.getLogger(RaceKit.class);

  private RaceKit() {}

  /**
   * Opens a detector with the options from {@code racekit.options} / {@code RACEKIT_OPTIONS} and the backend from
   * {@code racekit.backend} or automatic selection.
   *
   * @return the detector, with its main thread; close it to print the summary and free its memory
   * @throws IllegalStateException when no backend is found, the named one is unknown, or it cannot run here (the
   *     message says why, and which backends can)
   * @throws IllegalArgumentException when the option string in {@code racekit.options} or {@code RACEKIT_OPTIONS} is
   *     malformed, or a line of the {@code suppressions} file is not a {@code race:} rule
   * @throws java.io.UncheckedIOException when {@code log_path} names a file that cannot be opened for appending, or
   *     {@code suppressions} one that cannot be read
   */
  public static RaceDetector open() {
    return builder().open();
  }

  /**
   * Opens a detector with the given options and the backend from {@code racekit.backend} or automatic selection.
   *
   * @param options the options; the environment's are not read
   * @return the detector, with its main thread
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalStateException when no backend is found, the named one is unknown, or it cannot run here
   * @throws IllegalArgumentException when a line of the {@code suppressions} file is not a {@code race:} rule
   * @throws java.io.UncheckedIOException when {@code log_path} names a file that cannot be opened for appending, or
   *     {@code suppressions} one that cannot be read
   */
  public static RaceDetector open(RaceOptions options) {
    return builder().options(options).open();
  }

  /**
   * Starts choosing options, symbolizer and backend; unset choices take the same defaults as {@link #open()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What {@code close()} prints after the summary when the {@code suppressions} file silenced reports, for a tool
   * that prints its own summary without closing the detector (a Java agent at JVM exit, while threads still run).
   *
   * @param detector a detector opened by this class
   * @return {@code Suppressed N data race report(s) (file): n race:pattern, ...} and a newline; empty when no report
   *     was suppressed or the detector was not opened here
   */
  public static String suppressedSummary(RaceDetector detector) {
    return detector instanceof ManagedDetector m ? m.suppressedSummary() : "";
  }

  /**
   * The options from {@code racekit.options}, else {@code RACEKIT_OPTIONS}, else the defaults.
   *
   * @return the parsed options
   * @throws IllegalArgumentException when the option string is malformed
   */
  public static RaceOptions environmentOptions() {
    String text = System.getProperty(OPTIONS_PROPERTY);
    if (text == null) {
      text = System.getenv(OPTIONS_ENV);
    }
    return RaceOptions.parse(text);
  }

  /**
   * The backends that can be found (on the class path or, on the module path, through {@code provides}), highest
   * priority first, each with whether it can run here. Probes each one, so a native backend loads its library.
   *
   * @return one line per backend, for example {@code java (priority 10): can run here}
   */
  public static List<String> describeBackends() {
    return BackendSelector.discover(RaceKit.class.getClassLoader()).stream()
        .map(p -> p.name() + " (priority " + p.priority() + "): "
            + (p.availability().available() ? "can run here" : "cannot run here: " + p.availability().reason()))
        .toList();
  }

  /** Chooses options, symbolizer and backend, then {@link #open()}s. */
  public static final class Builder {
    private RaceOptions options;
    private Symbolizer symbolizer = Symbolizer.raw();
    private String backend;
    private LongFunction<String> threadNames;
    private LongFunction<String> locations;
    private PrintStream reportOutput;

    private Builder() {}

    /**
     * Names threads in reports: {@code thread 3 "worker-1"}; unset (or a null name) prints {@code thread 3}.
     *
     * @param threadNames gives a thread id's name (a null result: the thread prints unnamed)
     * @return this builder
     * @throws NullPointerException if {@code threadNames} is null
     */
    public Builder threadNames(LongFunction<String> threadNames) {
      this.threadNames = Objects.requireNonNull(threadNames, "threadNames");
      return this;
    }

    /**
     * Describes the current access's address in a {@code Location is ...} line; unset (or null) prints none.
     *
     * @param locations gives what lives at an address (a null result: no line)
     * @return this builder
     * @throws NullPointerException if {@code locations} is null
     */
    public Builder locations(LongFunction<String> locations) {
      this.locations = Objects.requireNonNull(locations, "locations");
      return this;
    }

    /**
     * The options; unset means {@link RaceKit#environmentOptions()}.
     *
     * @param options the options
     * @return this builder
     * @throws NullPointerException if {@code options} is null
     */
    public Builder options(RaceOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Turns pcs into frames in reports; unset prints raw pcs. A pc for which it throws or gives a null frame prints
     * raw, and the failure is logged once: a broken symbolizer never costs a report.
     *
     * @param symbolizer turns the tool's pcs into frames
     * @return this builder
     * @throws NullPointerException if {@code symbolizer} is null
     */
    public Builder symbolizer(Symbolizer symbolizer) {
      this.symbolizer = SafeSymbolizer.wrap(Objects.requireNonNull(symbolizer, "symbolizer"));
      return this;
    }

    /**
     * Where the report text goes (each report, and {@code Found N data race(s)} at close), in place of the
     * {@code log_path} option: a tool that prints its own output puts the reports in order with it, and a test
     * captures them, without touching {@code System.out}. The detector flushes the stream after each report and never
     * closes it. Unset, {@code log_path} decides.
     *
     * @param out the stream for report text
     * @return this builder
     * @throws NullPointerException if {@code out} is null
     */
    public Builder reportOutput(PrintStream out) {
      this.reportOutput = Objects.requireNonNull(out, "out");
      return this;
    }

    /**
     * The backend name; unset means the {@code racekit.backend} property, or automatic selection.
     *
     * @param name for example {@code java}, {@code jni} or {@code thunk}; checked when the detector is opened
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder backend(String name) {
      this.backend = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Opens the detector.
     *
     * @return the detector, with its main thread; close it to print the summary and free its memory
     * @throws IllegalStateException when no backend is found, the named one is unknown, or it cannot run here (the
     *     message says why, and which backends can)
     * @throws IllegalArgumentException when the option string in {@code racekit.options} or {@code RACEKIT_OPTIONS} is
     *     malformed, or a line of the {@code suppressions} file is not a {@code race:} rule
     * @throws java.io.UncheckedIOException when {@code log_path} names a file that cannot be opened for appending, or
     *     {@code suppressions} one that cannot be read
     */
    public RaceDetector open() {
      RaceOptions opts = options != null ? options : environmentOptions();
      String requested = backend != null ? backend : System.getProperty(BACKEND_PROPERTY);
      BackendSelector.Choice choice =
          BackendSelector.choose(BackendSelector.discover(RaceKit.class.getClassLoader()), requested);
      LOG.info(choice.explanation());
      Suppressions suppressions = Suppressions.load(opts.suppressions());
      ReportLog log = reportOutput != null ? ReportLog.to(reportOutput) : ReportLog.open(opts.logPath());
      ReportHub hub = new ReportHub(opts,
          new ReportFormatter(symbolizer, opts.stripPathPrefix(), threadNames, locations), log, suppressions);
      RaceBackend backendInstance;
      try {
        backendInstance = choice.provider().create(new Context(opts, hub));
      } catch (RuntimeException | Error e) {
        log.close();
        throw e;
      }
      return new ManagedDetector(choice.provider().name(), opts, backendInstance, hub);
    }
  }

  private record Context(RaceOptions options, ReportSink reports) implements BackendContext {}
}
