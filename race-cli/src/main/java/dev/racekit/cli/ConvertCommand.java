package dev.racekit.cli;

import dev.racekit.RaceOptions;
import dev.racekit.trace.RecordingDetector;
import dev.racekit.trace.TraceFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/**
 * {@code racekit convert IN.std OUT.rktrace}: replays the STD trace into a record-only {@link RecordingDetector},
 * so the binary trace holds exactly the events a replay of the STD trace performs, with the trace's frames and
 * variable and lock names.
 */
final class ConvertCommand {
  private final Args args;
  private final PrintStream out;

  ConvertCommand(Main main, String[] argv) throws UsageException {
    this.args = new Args("convert", argv, 1, Set.of("lenient", "quiet"), Set.of());
    this.out = main.out();
  }

  /**
   * The output must be a new file or a regular file other than the input: converting onto the input would destroy
   * it, and renaming onto a directory or a device would replace it.
   */
  private static void checkOutput(Path in, Path target) throws UsageException, IOException {
    String shown = Text.printable(target.toString());
    if (Files.isDirectory(target)) {
      throw new UsageException("racekit convert: the output " + shown + " is a directory");
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target)) {
      throw new UsageException("racekit convert: the output " + shown + " is not a regular file");
    }
    if (Files.exists(target) && Files.isSameFile(in, target)) {
      throw new UsageException("racekit convert: the output " + shown + " is the input");
    }
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UsageException("racekit convert: the output's directory " + Text.printable(String.valueOf(dir))
          + " does not exist");
    }
  }

  int run() throws UsageException, IOException {
    args.expectPositional(2, "an input and an output file: racekit convert IN.std OUT" + TraceFormat.EXTENSION);
    Path in = Path.of(args.positional.get(0));
    Path target = Path.of(args.positional.get(1));
    if (!in.toFile().isFile() || !in.toFile().canRead()) {
      throw new UsageException("racekit convert: cannot read " + Text.printable(in.toString())
          + (!in.toFile().exists() ? " (no such file)" : !in.toFile().isFile() ? " (not a regular file)"
              : " (permission denied)"));
    }
    checkOutput(in, target);
    if (TraceFormat.isBinaryTrace(in)) {
      throw new UsageException("racekit convert: " + in + " is already a binary trace");
    }
    String name = in.getFileName().toString();
    StdReplayer std = new StdReplayer(in, args.has("lenient"));
    long t0 = System.nanoTime();
    StdReplayer.Result r;
    // written beside the target, then renamed over it: a failed conversion leaves the target as it was
    Path dir = target.toAbsolutePath().getParent();
    // (not Files.createTempFile: its owner-only permissions would stay on the output)
    Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
        + Long.toHexString(System.nanoTime()) + ".tmp");
    try {
      RecordingDetector rec = RecordingDetector.to(tmp)
          .symbolizer(StdReplayer.symbolizer(name))
          .metadata("source", name)
          .metadata("source-format", "std")
          .recordOnly(RaceOptions.defaults());
      try (rec) {
        r = std.replay(rec, null);
        for (int v = 0; v < std.variableCount(); v++) {
          rec.nameAddress(StdReplayer.variableAddress(v), std.variableName(v));
        }
        for (int l = 0; l < std.lockCount(); l++) {
          rec.nameAddress(StdReplayer.lockAddress(l), std.lockName(l));
        }
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    long nanos = System.nanoTime() - t0;
    if (!args.has("quiet")) {
      long inSize = Files.size(in);
      long outSize = Files.size(target);
      out.println("Converted " + in + " (" + Summary.grouped(r.events()) + " events, " + Summary.grouped(inSize)
          + " bytes) to " + target + " (" + Summary.grouped(outSize) + " bytes, "
          + Summary.fixed(r.events() == 0 ? 0.0 : (double) outSize / r.events(), 1) + " bytes/event) in "
          + Summary.seconds(nanos));
      if (r.skipped() > 0) {
        out.println("  skipped " + Summary.grouped(r.skipped()) + " lines that did not parse; the first: "
            + r.firstSkipped());
      }
    }
    return 0;
  }
}
