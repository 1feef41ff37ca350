package dev.racekit.cli;

import dev.racekit.Frame;
import dev.racekit.RaceOptions;
import dev.racekit.Symbolizer;
import dev.racekit.cli.analysis.Analysis;
import dev.racekit.cli.analysis.AnalysisDetector;
import dev.racekit.cli.analysis.RaceSink;
import dev.racekit.trace.TraceReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code racekit replay --analysis hb|shb|wcp FILE}: streams a trace through an offline analysis and prints every racy
 * event with the earlier access it races with, then the counts. See docs/analyses.md.
 */
final class AnalysisReplay {
  /** The races {@code --json} lists; above it only the counts. */
  static final int JSON_RACES = 1000;

  private final Main main;
  private final Path file;
  private final String format;
  private final String name;
  private final boolean json;
  private final boolean quiet;
  private final boolean lenient;
  /** What the trace may claim (mapped bytes, live threads), as for the online detector. */
  private final java.util.function.LongFunction<dev.racekit.trace.ReplayLimits> limits;
  /** The command's output, buffered: a dense trace has a racy event every few events. */
  private final PrintStream out;

  private StdReplayer std;
  private TraceReader reader;
  private Symbolizer symbolizer;
  private AnalysisDetector detector;
  private final Map<Long, String> places = new HashMap<>();
  private final List<String[]> jsonRaces = new ArrayList<>();
  private final StringBuilder line = new StringBuilder(160);
  private String[] labels = new String[64];

  AnalysisReplay(Main main, Path file, String format, String name, boolean json, boolean quiet, boolean lenient,
      java.util.function.LongFunction<dev.racekit.trace.ReplayLimits> limits) {
    this.limits = limits;
    this.main = main;
    this.file = file;
    this.format = format;
    this.name = name;
    this.json = json;
    this.quiet = quiet;
    this.lenient = lenient;
    this.out = new PrintStream(new BufferedOutputStream(main.out(), 1 << 16), false, StandardCharsets.UTF_8);
  }

  static boolean known(String name) {
    return name.equals("hb") || name.equals("shb") || name.equals("wcp");
  }

  int run() throws IOException {
    try {
      return analyse();
    } finally {
      out.flush();
    }
  }

  private int analyse() throws IOException {
    if (format.equals("bin")) {
      reader = TraceReader.open(file);
      symbolizer = reader.hasSymbols() ? reader.symbolizer() : Symbolizer.raw();
    } else {
      std = new StdReplayer(file, lenient);
      symbolizer = StdReplayer.symbolizer(file.getFileName().toString());
    }
    try {
      RaceSink sink = this::race;
      Analysis analysis = Analysis.create(name, sink);
      RaceOptions options = RaceOptions.builder().build();
      detector = new AnalysisDetector(analysis, options);
      ProgressBar bar = !quiet && !json && main.stderrIsTerminal()
          ? new ProgressBar(main.err(), main.progressDelayNanos) : null;
      long t0 = System.nanoTime();
      TraceReplay run = TraceReplay.runAndClose(std, reader, detector, bar, lenient, limits, file.toFile().length());
      long nanos = System.nanoTime() - t0;
      long events = run.events();
      long racyEvents = analysis.racyEvents();
      int racyLocations = analysis.racyLocations();
      if (json) {
        Json j = new Json().beginObject()
            .field("trace", file.toString())
            .field("format", format)
            .field("analysis", name)
            .field("events", events)
            .field("threads", run.threads())
            .field("locations", run.locations())
            .field("variables", detector.variableCount())
            .field("racyEvents", racyEvents)
            .field("racyLocations", racyLocations)
            .field("unmappedAccesses", detector.unmappedAccessCount())
            .field("seconds", nanos / 1e9)
            .field("eventsPerSecond", Summary.perSecond(events, nanos));
        if (run.std() != null) {
          j.field("lines", run.std().lines()).field("skippedLines", run.std().skipped());
        }
        if (run.bin() != null) {
          j.field("complete", run.bin().complete());
        }
        j.field("racesListed", jsonRaces.size() == racyEvents);
        if (jsonRaces.size() == racyEvents) {
          j.name("races").beginArray();
          for (String[] r : jsonRaces) {
            j.beginObject().field("variable", r[0]).field("address", r[1]);
            j.name("first").beginObject().field("thread", Long.parseLong(r[2])).field("op", r[3])
                .field("location", r[4]).endObject();
            j.name("second").beginObject().field("thread", Long.parseLong(r[5])).field("op", r[6])
                .field("location", r[7]).endObject();
            j.endObject();
          }
          j.endArray();
        }
        out.println(j.endObject());
      } else if (!quiet) {
        out.println();
        out.println("Analysed " + file + " (" + format + ") with " + name + ":");
        out.println("  events " + Summary.grouped(events) + ", threads " + run.threads() + ", locations "
            + Summary.grouped(run.locations()) + ", variables " + Summary.grouped(detector.variableCount()) + ", time "
            + Summary.seconds(nanos) + ", " + Summary.grouped(Summary.perSecond(events, nanos)) + " events/s");
        out.println("  racy events: " + Summary.grouped(racyEvents) + ", racy locations: "
            + Summary.grouped(racyLocations));
        if (detector.unmappedAccessCount() > 0) {
          out.println("  ignored " + Summary.grouped(detector.unmappedAccessCount())
              + " accesses outside the mapped ranges (as the online detector does)");
        }
        if (run.std() != null && run.std().skipped() > 0) {
          out.println("  skipped " + Summary.grouped(run.std().skipped()) + " lines that did not parse; the first: "
              + run.std().firstSkipped());
        }
      }
      if (run.bin() != null && !run.bin().complete()) {
        out.flush();
        main.err().println("racekit replay: warning: " + file + " has no end marker (the recording was not closed);"
            + " analysed the " + Summary.grouped(run.bin().events()) + " events it holds");
      }
      return racyEvents > 0 ? options.exitCode() : 0;
    } finally {
      if (reader != null) {
        reader.close();
      }
    }
  }

  /** One racy event: a line of text, or an entry of the JSON list while it is short. */
  private void race(int var, int thread, int kind, long pc, int otherThread, int otherKind, long otherPc) {
    if (json) {
      if (jsonRaces.size() < JSON_RACES) {
        long addr = detector.variableAddress(var);
        jsonRaces.add(new String[] {variableName(addr), "0x" + Long.toHexString(addr), Integer.toString(otherThread),
            Analysis.kindName(otherKind), place(otherPc), Integer.toString(thread), Analysis.kindName(kind),
            place(pc)});
      }
      return;
    }
    StringBuilder b = line;
    b.setLength(0);
    b.append(name).append(" race on ").append(variableLabel(var)).append(": ").append(Analysis.kindName(kind))
        .append(" by thread ").append(thread).append(" at ").append(place(pc)).append(", previous ")
        .append(Analysis.kindName(otherKind)).append(" by thread ").append(otherThread).append(" at ")
        .append(place(otherPc));
    out.append(b).append('\n');
  }

  /** {@code name (0xaddr)}, or the address alone for a variable without a name; computed once per variable. */
  private String variableLabel(int var) {
    if (var >= labels.length) {
      labels = java.util.Arrays.copyOf(labels, Math.max(var + 1, labels.length * 2));
    }
    String l = labels[var];
    if (l == null) {
      long addr = detector.variableAddress(var);
      String v = variableName(addr);
      l = labels[var] = v != null ? v + " (0x" + Long.toHexString(addr) + ")" : "0x" + Long.toHexString(addr);
    }
    return l;
  }

  private String variableName(long addr) {
    if (std != null) {
      return std.nameOf(addr);
    }
    return reader.addressNames().get(addr);
  }

  /** A pc as {@code file:line} (or the function when the frame has no file), else as hex. */
  private String place(long pc) {
    String p = places.get(pc);
    if (p == null) {
      List<Frame> frames = symbolizer.symbolize(pc);
      Frame f = frames == null || frames.isEmpty() ? null : frames.get(0);
      if (f != null && f.file() != null && !f.file().equals("??") && !f.file().isEmpty()) {
        p = f.file() + ":" + f.line();
      } else if (f != null && f.function() != null && !f.function().equals("??")) {
        p = f.function();
      } else {
        p = "pc 0x" + Long.toHexString(pc);
      }
      places.put(pc, p);
    }
    return p;
  }
}
