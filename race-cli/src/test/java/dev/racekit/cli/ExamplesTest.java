package dev.racekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example of examples/traces, on every backend that can run here, in both formats, prints exactly its
 * .expected file (the output of {@code racekit replay --quiet}) and exits with 66 when it expects races, else 0.
 */
class ExamplesTest {
  @TempDir Path dir;

  /** What the examples' README and headers promise. */
  private static final Map<String, Integer> RACES = Map.of(
      "bank-account", 2,
      "producer-consumer", 0,
      "lazy-init", 2,
      "fork-join", 0);

  static Stream<Arguments> examplesOnBackends() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String backend : Cli.backends()) {
      for (String name : RACES.keySet().stream().sorted().toList()) {
        out.add(Arguments.of(name, backend));
      }
    }
    return out.stream();
  }

  @Test
  void theExamplesAreTheOnesDocumented() throws IOException {
    try (Stream<Path> files = Files.list(Cli.examples())) {
      List<String> std = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".std"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
      assertEquals(RACES.keySet().stream().sorted().toList(), std);
    }
    assertTrue(Cli.backends().contains("java"), "the pure-Java backend is always there: " + Cli.backends());
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("examplesOnBackends")
  void eachExamplePrintsItsExpectedReportOnEveryBackend(String name, String backend) throws IOException {
    Path std = Cli.examples().resolve(name + ".std");
    String expected = Files.readString(Cli.examples().resolve(name + ".expected"), StandardCharsets.UTF_8);
    int races = RACES.get(name);
    assertEquals(races == 0 ? "" : "Found " + races + " data race(s)\n",
        expected.isEmpty() ? "" : expected.substring(expected.lastIndexOf("Found ")), "the .expected file");

    Cli text = Cli.run("replay", "--quiet", "--backend", backend, std.toString());
    assertEquals(expected, text.out(), text.toString());
    assertEquals(races == 0 ? 0 : 66, text.exit(), text.toString());
    assertEquals("", text.err());

    // the binary form replays to the same output
    Path bin = dir.resolve(name + ".rktrace");
    Cli convert = Cli.run("convert", "--quiet", std.toString(), bin.toString());
    assertEquals(0, convert.exit(), convert.toString());
    Cli binary = Cli.run("replay", "--quiet", "--backend", backend, bin.toString());
    assertEquals(expected, binary.out(), binary.toString());
    assertEquals(text.exit(), binary.exit());

    // and the full output ends with a summary that names the racy variables
    Cli full = Cli.run("replay", "--backend", backend, std.toString());
    assertTrue(full.out().startsWith(expected), full.toString());
    String summary = full.out().substring(expected.length());
    assertTrue(summary.contains("with backend " + backend + ":"), summary);
    assertTrue(summary.contains("races " + races + (races == 0 ? "," : " (on ")), summary);
    assertFalse(full.out().contains("INFO"), "no log line without --verbose");
  }
}
