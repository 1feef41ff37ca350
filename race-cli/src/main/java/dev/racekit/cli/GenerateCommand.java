package dev.racekit.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** {@code racekit generate OUT.std}: writes a seeded synthetic STD trace ({@link TraceGenerator}). */
final class GenerateCommand {
  private final Main main;
  private final Args args;

  GenerateCommand(Main main, String[] argv) throws UsageException {
    this.main = main;
    this.args = new Args("generate", argv, 1, Set.of("quiet"),
        Set.of("events", "threads", "vars", "locks", "racy", "seed"));
  }

  int run() throws UsageException, IOException {
    args.expectPositional(1, "one output file (or - for standard output): racekit generate OUT.std");
    TraceGenerator.Config config;
    try {
      config = new TraceGenerator.Config(
          args.getLong("events", 10_000_000, 1, Long.MAX_VALUE),
          (int) args.getLong("threads", 17, 2, 10_000),
          (int) args.getLong("vars", 5000, 1, 100_000_000),
          (int) args.getLong("locks", 50, 1, 1_000_000),
          (int) args.getLong("racy", 1, 0, 800),
          args.getLong("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE));
    } catch (IllegalArgumentException e) {
      throw new UsageException("racekit generate: " + e.getMessage());
    }
    String target = args.positional.get(0);
    long t0 = System.nanoTime();
    long n;
    if (target.equals("-")) {
      OutputStream o = main.out();
      n = new TraceGenerator(config).write(o);
      o.flush();
    } else {
      try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(Path.of(target)), 1 << 20)) {
        n = new TraceGenerator(config).write(o);
      }
      if (!args.has("quiet")) {
        main.out().println("Wrote " + Summary.grouped(n) + " events to " + target + " ("
            + Summary.grouped(Files.size(Path.of(target))) + " bytes) in " + Summary.seconds(System.nanoTime() - t0));
      }
    }
    return 0;
  }
}
