package dev.racekit.cli;

import dev.racekit.spi.RaceBackendProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Runs the tool in-process and captures what it prints. */
record Cli(int exit, String out, String err) {

  static Cli run(String... args) {
    return run(false, 0, args);
  }

  static Cli run(boolean terminal, long progressDelayNanos, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), terminal);
    main.progressDelayNanos = progressDelayNanos;
    int exit = main.execute(args);
    return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The backends on the test class path that can run here: java, and jni / thunk once they are dependencies. */
  static List<String> backends() {
    List<String> names = new ArrayList<>();
    for (RaceBackendProvider p : ServiceLoader.load(RaceBackendProvider.class)) {
      if (p.availability().available()) {
        names.add(p.name());
      }
    }
    names.sort(null);
    return names;
  }

  /** examples/traces of the repository. */
  static Path examples() {
    String p = System.getProperty("racekit.examples");
    return p != null ? Path.of(p) : Path.of("..", "examples", "traces");
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
  }
}
