package dev.racekit.cli;

import dev.racekit.core.RaceKit;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * {@code racekit}, the command-line tool: replays STD and binary traces through any backend, converts STD to binary,
 * generates benchmark traces. Exit status: 0 when no race was found, the {@code exitcode} option (66) when races were,
 * 2 for bad usage or an unreadable or malformed input (with a one-line message), 1 for an internal error.
 */
public final class Main {
  static final int EXIT_USAGE = 2;
  static final int EXIT_INTERNAL = 1;

  static final String HELP = """
      racekit: a happens-before data race detector for event traces.

      Usage:
        racekit replay FILE [--backend java|jni|thunk] [--format std|bin] [--json] [--quiet]
                            [--lenient] [--options "key=value ..."] [--verbose]
                            [--analysis online|hb|shb|wcp]
            Replays a trace (STD text or RaceKit binary, told apart by its first bytes) through the
            detector, prints each race in the Go race detector's style, then a summary.
        racekit convert IN.std OUT.rktrace [--lenient] [--quiet]
            Writes the binary form of an STD trace, which replays several times faster.
        racekit generate OUT.std [--events N] [--threads N] [--vars N] [--locks N] [--racy N]
                                 [--seed N]
            Writes a seeded synthetic STD trace (defaults: 10^7 events, 17 threads, 5000 variables,
            50 locks, 1 racy access per 1000 worker steps, seed 1); OUT may be - for standard output.
        racekit backends
            Lists the backends on the class path and whether each can run here.
        racekit help | version

      Replay options:
        --backend NAME   the detector backend; default: the racekit.backend property, else the fastest
                         that can run here
        --format F       std or bin; default: by the file's first bytes
        --json           print one JSON object (summary and reports) instead of text
        --quiet          no summary and no progress bar; only the reports
        --lenient        skip (and count) STD lines that do not parse or break the lock rule, instead of
                         stopping at the first
        --options S      detector options (as RACEKIT_OPTIONS), applied over the environment's
        --no-limits      trust the trace: no limit on the memory and threads it may claim for its size
        --verbose        log the backend selection
        --analysis A     online (default): the detector, as a live run; hb: every happens-before racy
                         event; shb: every schedulable race; wcp: predicted races (weak causal
                         precedence); see docs/analyses.md

      STD format: one event per line, thread|op(arg)|loc, with op r(x) or w(x) (x a variable),
      acq(l) or rel(l) (l a lock), fork(t) or join(t) (t a thread), begin or end (function entry and
      exit); loc is an integer code location, printed as <trace>:<loc>. Lines starting with # are
      comments. A thread releases only a lock it holds and acquires none that another holds (it
      may acquire its own again). See docs/trace-format.md.

      Exit status: 0 no race, 66 (the exitcode option) races found, 2 bad usage or unreadable input.
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final BooleanSupplier stderrIsTerminal;
  long progressDelayNanos = ProgressBar.DEFAULT_DELAY_NANOS;

  Main(PrintStream out, PrintStream err, boolean stderrIsTerminal) {
    this(out, err, () -> stderrIsTerminal);
  }

  private Main(PrintStream out, PrintStream err, BooleanSupplier stderrIsTerminal) {
    this.out = out;
    this.err = err;
    this.stderrIsTerminal = stderrIsTerminal;
  }

  public static void main(String[] args) {
    // Before any logger exists: the backend selection's INFO line only with --verbose.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
          Arrays.asList(args).contains("--verbose") ? "info" : "warn");
    }
    System.exit(run(args));
  }

  /** Runs the tool with the process's standard streams and returns the exit status (does not exit). */
  public static int run(String... args) {
    return new Main(System.out, System.err, Terminal::stderrIsTerminal).execute(args);
  }

  int execute(String[] args) {
    String command = args.length == 0 ? "help" : args[0];
    boolean json = command.equals("replay") && Arrays.asList(args).contains("--json");
    int status;
    try {
      status = dispatch(command, args);
    } catch (UsageException e) {
      status = fail(json, e.getMessage(), EXIT_USAGE);
    } catch (NoSuchFileException e) {
      status = fail(json, "racekit " + command + ": no such file: " + e.getFile(), EXIT_USAGE);
    } catch (IOException | UncheckedIOException e) {
      status = fail(json, "racekit " + command + ": " + oneLine(e), EXIT_USAGE);
    } catch (OutOfMemoryError e) {
      // the heap is mostly free again once the replay's objects are unreachable: one line is affordable
      status = fail(json, "racekit " + command + ": out of memory (" + e.getMessage() + "); the input needs more"
          + " than this JVM's heap (-Xmx)", EXIT_USAGE);
    } catch (RuntimeException e) {
      fail(json, "racekit " + command + ": internal error: " + e, EXIT_INTERNAL);
      e.printStackTrace(err);
      status = EXIT_INTERNAL;
    }
    return checkOutput(command, json, status);
  }

  private int dispatch(String command, String[] args) throws UsageException, IOException {
    if (args.length > 1 && !command.startsWith("-") && wantsHelp(args)) {
      out.print(HELP);
      return 0;
    }
    return switch (command) {
      case "replay" -> new ReplayCommand(this, args).run();
      case "convert" -> new ConvertCommand(this, args).run();
      case "generate" -> new GenerateCommand(this, args).run();
      case "backends" -> backends();
      case "help", "--help", "-h" -> {
        (args.length == 0 ? err : out).print(HELP);
        yield args.length == 0 ? EXIT_USAGE : 0;
      }
      case "version", "--version" -> {
        out.println("racekit " + version());
        yield 0;
      }
      default -> throw new UsageException("racekit: unknown command '" + command
          + "' (commands: replay, convert, generate, backends, help)");
    };
  }

  /** {@code --help} or {@code -h} among a command's arguments (before a {@code --}): the command's help. */
  private static boolean wantsHelp(String[] args) {
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--")) {
        return false;
      }
      if (args[i].equals("--help") || args[i].equals("-h")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Prints a failure: one line on standard error, control characters escaped (the message may quote the input);
   * with {@code --json} also a JSON object on standard output, so that a consumer of the output always gets one.
   */
  private int fail(boolean json, String message, int status) {
    err.println(Text.printable(message));
    if (json) {
      out.println(new Json().beginObject().field("error", message).field("exitStatus", status).endObject());
    }
    return status;
  }

  /**
   * A {@link PrintStream} never throws: it only remembers that a write failed. A report or summary that could not be
   * written (a full disk, a closed pipe) must not end in a success status.
   */
  private int checkOutput(String command, boolean json, int status) {
    if (out.checkError()) {
      err.println("racekit " + command + ": cannot write the output (standard output failed: disk full or closed?)");
      return EXIT_USAGE;
    }
    return status;
  }

  private int backends() {
    for (String line : RaceKit.describeBackends()) {
      out.println(line);
    }
    return 0;
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  /** Asked only by a replay that may draw a progress bar. */
  boolean stderrIsTerminal() {
    return stderrIsTerminal.getAsBoolean();
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v != null ? v : "(development build)";
  }

  /** An exception's message on one line, with the cause's when it adds something. */
  static String oneLine(Throwable e) {
    String m = e.getMessage() != null ? e.getMessage() : e.toString();
    if (e instanceof UncheckedIOException u && u.getCause() != null) {
      m = m + " (" + oneLine(u.getCause()) + ")";
    } else if (e instanceof java.nio.file.AccessDeniedException a) {
      m = "permission denied: " + a.getFile();
    } else if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      m = f.getFile() + ": " + f.getReason();
    }
    if (m.startsWith("racekit: ")) {
      m = m.substring("racekit: ".length()); // the caller names the command already
    }
    return Text.printable(m.replace('\n', ' '));
  }
}
