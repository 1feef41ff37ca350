package dev.racekit.cli;

import dev.racekit.Frame;
import dev.racekit.RaceAccess;
import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceReport;
import dev.racekit.RaceThreadInfo;
import dev.racekit.Symbolizer;
import dev.racekit.core.RaceKit;
import dev.racekit.core.ReportFormatter;
import dev.racekit.trace.ReplayLimits;
import dev.racekit.trace.TraceFormat;
import dev.racekit.trace.TraceReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code racekit replay FILE}: replays a trace through a backend and prints its races and a summary. */
final class ReplayCommand {
  private static final Set<String> FLAGS = Set.of("json", "quiet", "lenient", "verbose", "no-limits");
  private static final Set<String> OPTIONS = Set.of("backend", "format", "options", "analysis");
  /** The option keys a replay takes from a recording, because they change which reports it gives. */
  private static final List<String> RECORDED_KEYS = List.of("history_size", "suppress_equal_stacks");

  private final Main main;
  private final Args args;
  private final PrintStream out;
  private final PrintStream err;

  ReplayCommand(Main main, String[] argv) throws UsageException {
    this.main = main;
    this.args = new Args("replay", argv, 1, FLAGS, OPTIONS);
    this.out = main.out();
    this.err = main.err();
  }

  int run() throws UsageException, IOException {
    args.expectPositional(1, "one trace file: racekit replay FILE");
    Path file = Path.of(args.positional.get(0));
    java.io.File f = file.toFile(); // java.io is quicker than NIO's Files in a fresh JVM
    if (!f.isFile() || !f.canRead()) {
      throw new UsageException("racekit replay: cannot read " + Text.printable(file.toString())
          + (!f.exists() ? " (no such file)" : f.isDirectory() ? " (a directory)"
              : !f.isFile() ? " (not a regular file: a device, a pipe or a socket)" : " (permission denied)"));
    }
    String format = args.get("format");
    if (format == null) {
      format = TraceFormat.isBinaryTrace(file) ? "bin" : "std";
      if (format.equals("std") && TraceFormat.looksLikeDamagedBinaryTrace(file)) {
        throw new UsageException("racekit replay: " + Text.printable(file.toString()) + ": not a trace: it starts"
            + " like a RaceKit binary trace whose magic bytes are damaged, and it is not STD text"
            + " (--format std reads it as text anyway)");
      }
    } else if (!format.equals("std") && !format.equals("bin")) {
      throw new UsageException("racekit replay: --format must be std or bin, not '" + format + "'");
    }
    boolean json = args.has("json");
    boolean quiet = args.has("quiet");
    boolean lenient = args.has("lenient");
    String analysis = args.get("analysis");
    if (analysis != null && !analysis.equals("online")) {
      if (!AnalysisReplay.known(analysis)) {
        throw new UsageException("racekit replay: --analysis must be online, hb, shb or wcp, not '" + analysis + "'");
      }
      for (String o : List.of("backend", "options")) {
        if (args.get(o) != null) {
          throw new UsageException("racekit replay: --" + o + " applies to the online detector, not to --analysis "
              + analysis);
        }
      }
      return new AnalysisReplay(main, file, format, analysis, json, quiet, lenient,
          bytes -> limits(bytes, RaceOptions.defaults())).run();
    }

    TraceReader reader = null;
    StdReplayer std = null;
    Symbolizer symbolizer;
    Map<String, String> recorded = Map.of();
    if (format.equals("bin")) {
      reader = TraceReader.open(file);
      symbolizer = reader.hasSymbols() ? printable(reader.symbolizer()) : Symbolizer.raw();
      recorded = reader.metadata();
    } else {
      std = new StdReplayer(file, lenient);
      symbolizer = printable(StdReplayer.symbolizer(file.getFileName().toString()));
    }
    try {
      Map<String, String> pairs = optionPairs(recorded.get("options"));
      RaceOptions options = build(pairs);
      RaceKit.Builder builder = RaceKit.builder().options(options).symbolizer(symbolizer);
      if (!pairs.containsKey("log_path")) {
        // reports go to this command's output, in order with its summary (or nowhere with --json)
        builder.reportOutput(json ? new PrintStream(OutputStream.nullOutputStream()) : out);
      }
      if (args.get("backend") != null) {
        builder.backend(args.get("backend"));
      }
      if (args.has("verbose")) {
        for (String line : RaceKit.describeBackends()) {
          err.println("racekit: backend " + line);
        }
      }
      List<RaceReport> reports = new ArrayList<>();
      ProgressBar bar = !quiet && main.stderrIsTerminal() ? new ProgressBar(err, main.progressDelayNanos) : null;
      long t0 = System.nanoTime();
      RaceDetector detector;
      try {
        detector = builder.open();
      } catch (IllegalArgumentException | IllegalStateException e) {
        // a backend that is unknown or cannot run here: the message says which can
        String m = e.getMessage().startsWith("racekit: ") ? e.getMessage().substring(9) : e.getMessage();
        throw new UsageException("racekit replay: " + (args.get("backend") != null
            ? "--backend " + args.get("backend") + ": " + m.replace(" (racekit.backend)", "") : m));
      }
      String backend = detector.backendName();
      detector.addListener(reports::add);
      TraceReplay run = TraceReplay.runAndClose(std, reader, detector, bar, lenient, bytes -> limits(bytes, options),
          f.length());
      long nanos = System.nanoTime() - t0;
      long events = run.events();
      long races = detector.reportCount();
      if (json) {
        printJson(file, format, backend, events, run.threads(), run.locations(), races, nanos, run.std(), run.bin(),
            reports, symbolizer, options, std, reader);
      } else if (!quiet) {
        out.println();
        out.println("Replayed " + Text.printable(file.toString()) + " (" + format + ") with backend " + backend + ":");
        out.println("  events " + Summary.grouped(events) + ", threads " + run.threads() + ", locations "
            + Summary.grouped(run.locations()) + ", races " + races + Text.printable(racedNames(reports, std, reader))
            + ", time " + Summary.seconds(nanos) + ", " + Summary.grouped(Summary.perSecond(events, nanos))
            + " events/s");
        if (run.std() != null && run.std().skipped() > 0) {
          out.println("  skipped " + Summary.grouped(run.std().skipped()) + " lines that did not parse; the first: "
              + Text.printable(run.std().firstSkipped()));
        }
      }
      if (run.bin() != null) {
        warnIfUnclosed(file, run.bin(), reader);
      }
      return races > 0 ? options.exitCode() : 0;
    } finally {
      if (reader != null) {
        reader.close();
      }
    }
  }

  /** What the trace may claim: in proportion to its size, unless --no-limits says it is trusted. */
  private ReplayLimits limits(long traceBytes, RaceOptions options) {
    return args.has("no-limits") ? ReplayLimits.NONE : ReplayLimits.forTrace(traceBytes, options.historySize());
  }

  /**
   * The format promises a warning for a recording that was not closed, and says what it lost: its end marker, or
   * only its trailer (cut after the events), which held the frames of its pcs and the names of its addresses.
   */
  private void warnIfUnclosed(Path file, TraceReader.Result r, TraceReader reader) {
    String name = Text.printable(file.toString());
    if (!r.complete()) {
      err.println("racekit replay: warning: " + name + " has no end marker (the recording was not closed, or the file"
          + " was cut); replayed the " + Summary.grouped(r.events()) + " events it holds; lost: the events after the"
          + " cut, the symbols of its pcs and the names of its variables (reports show raw pcs)");
    } else if (!reader.hasTrailer()) {
      err.println("racekit replay: warning: " + name + " ends after its events: its trailer or footer is missing or"
          + " cut off; replayed all " + Summary.grouped(r.events()) + " events; lost: the symbols of its pcs and the"
          + " names of its variables (reports show raw pcs)");
    }
  }

  /** Frames whose function and file names are safe to print: a trace's symbols may hold control characters. */
  private static Symbolizer printable(Symbolizer s) {
    return pc -> {
      List<Frame> frames = s.symbolize(pc);
      if (frames == null) {
        return null;
      }
      List<Frame> safe = new ArrayList<>(frames.size());
      for (Frame f : frames) {
        safe.add(f == null ? null
            : new Frame(Text.printable(f.function()), Text.printable(f.file()), f.line(), f.offset()));
      }
      return safe;
    };
  }

  /**
   * The option pairs, later wins: the recording's history_size and suppress_equal_stacks, then the racekit.options
   * property or RACEKIT_OPTIONS, then --options.
   */
  private Map<String, String> optionPairs(String recordedOptions) throws UsageException {
    Map<String, String> pairs = new LinkedHashMap<>();
    if (recordedOptions != null) {
      Map<String, String> rec = new LinkedHashMap<>();
      split(recordedOptions, rec, "the recording's options");
      for (String k : RECORDED_KEYS) {
        if (rec.containsKey(k)) {
          pairs.put(k, rec.get(k));
        }
      }
    }
    String env = System.getProperty(RaceKit.OPTIONS_PROPERTY);
    String source = "-D" + RaceKit.OPTIONS_PROPERTY;
    if (env == null) {
      env = System.getenv(RaceKit.OPTIONS_ENV);
      source = RaceKit.OPTIONS_ENV;
    }
    if (env != null) {
      split(env, pairs, source);
    }
    if (args.get("options") != null) {
      split(args.get("options"), pairs, "--options");
    }
    return pairs;
  }

  private static void split(String text, Map<String, String> into, String source) throws UsageException {
    for (String pair : words(text)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("racekit replay: " + source + ": '" + pair + "' is not key=value");
      }
      into.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
  }

  /** The whitespace-separated words of {@code text} (no regex: it costs a fresh JVM tens of milliseconds). */
  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(text.substring(start, i));
      }
    }
    return out;
  }

  private static RaceOptions build(Map<String, String> pairs) throws UsageException {
    RaceOptions.Builder b = RaceOptions.builder();
    try {
      pairs.forEach(b::set);
    } catch (IllegalArgumentException e) {
      throw new UsageException("racekit replay: " + e.getMessage());
    }
    return b.build();
  }

  /** " (on balance, count)" for the named addresses that raced, or "". */
  private static String racedNames(List<RaceReport> reports, StdReplayer std, TraceReader reader) {
    Set<String> names = new LinkedHashSet<>();
    for (RaceReport r : reports) {
      String n = nameOf(r.current().address(), std, reader);
      if (n != null) {
        names.add(n);
      }
    }
    if (names.isEmpty()) {
      return "";
    }
    List<String> list = new ArrayList<>(names);
    String shown = String.join(", ", list.subList(0, Math.min(5, list.size())));
    return " (on " + shown + (list.size() > 5 ? " and " + (list.size() - 5) + " more" : "") + ")";
  }

  private static String nameOf(long addr, StdReplayer std, TraceReader reader) {
    if (std != null) {
      return std.nameOf(addr);
    }
    Map<Long, String> names = reader.addressNames();
    String n = names.get(addr);
    return n != null ? n : names.get(addr & ~7L);
  }

  private void printJson(Path file, String format, String backend, long events, int threads, long locations,
      long races, long nanos, StdReplayer.Result stdResult, TraceReader.Result binResult, List<RaceReport> reports,
      Symbolizer symbolizer, RaceOptions options, StdReplayer std, TraceReader reader) {
    Json j = new Json().beginObject()
        .field("trace", file.toString())
        .field("format", format)
        .field("backend", backend)
        .field("events", events)
        .field("threads", threads)
        .field("locations", locations)
        .field("races", races)
        .field("seconds", nanos / 1e9)
        .field("eventsPerSecond", Summary.perSecond(events, nanos));
    if (stdResult != null) {
      j.field("lines", stdResult.lines()).field("skippedLines", stdResult.skipped())
          .field("variables", stdResult.variables()).field("locks", stdResult.locks());
    }
    if (binResult != null) {
      j.field("complete", binResult.complete());
    }
    ReportFormatter formatter = new ReportFormatter(symbolizer, options.stripPathPrefix());
    j.name("reports").beginArray();
    for (RaceReport r : reports) {
      j.beginObject().field("kind", r.kind().name());
      j.name("current");
      access(j, r.current(), symbolizer, std, reader);
      j.name("previous");
      access(j, r.previous(), symbolizer, std, reader);
      j.name("currentThread");
      thread(j, r.currentThread(), symbolizer);
      j.name("previousThread");
      thread(j, r.previousThread(), symbolizer);
      j.field("text", formatter.format(r));
      j.endObject();
    }
    j.endArray().endObject();
    out.println(j);
  }

  private static void access(Json j, RaceAccess a, Symbolizer s, StdReplayer std, TraceReader reader) {
    j.beginObject()
        .field("type", a.type().label())
        .field("address", hex(a.address()))
        .field("size", a.size())
        .field("thread", a.threadId())
        .field("variable", nameOf(a.address(), std, reader))
        .field("stackRestored", a.stackRestored());
    j.name("stack");
    stack(j, a.stack(), s);
    j.endObject();
  }

  private static void thread(Json j, RaceThreadInfo t, Symbolizer s) {
    j.beginObject().field("id", t.id()).field("running", t.running());
    j.name("creationStack");
    stack(j, t.creationStack(), s);
    j.endObject();
  }

  private static void stack(Json j, long[] pcs, Symbolizer s) {
    j.beginArray();
    for (long pc : pcs) {
      List<Frame> frames = s.symbolize(pc);
      if (frames == null || frames.isEmpty()) {
        frames = List.of(Frame.unknown(pc));
      }
      for (Frame f : frames) {
        j.beginObject().field("pc", hex(pc)).field("function", f.function()).field("file", f.file())
            .field("line", f.line()).field("offset", f.offset()).endObject();
      }
    }
    j.endArray();
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }
}
