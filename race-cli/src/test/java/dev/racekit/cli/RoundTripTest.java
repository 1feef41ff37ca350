package dev.racekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceReport;
import dev.racekit.core.RaceKit;
import dev.racekit.trace.TraceReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** STD → binary → replay gives the same reports, the same text and the same counts as replaying the STD trace. */
class RoundTripTest {
  @TempDir static Path dir;
  static Path std;
  static Path bin;

  @BeforeAll
  static void generate() throws IOException {
    std = dir.resolve("gen.std");
    try (OutputStream out = Files.newOutputStream(std)) {
      new TraceGenerator(new TraceGenerator.Config(200_000, 9, 2000, 11, 20, 5)).write(out);
    }
    bin = dir.resolve("gen.rktrace");
    Cli c = Cli.run("convert", std.toString(), bin.toString());
    assertEquals(0, c.exit(), c.toString());
  }

  static List<String> backends() {
    return Cli.backends();
  }

  private static RaceDetector open(String backend, dev.racekit.Symbolizer s) {
    return RaceKit.builder().backend(backend).symbolizer(s)
        .options(RaceOptions.parse("log_path=" + dir.resolve("log"))).open();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void binaryReplayEqualsStdReplay(String backend) throws IOException {
    List<RaceReport> fromStd = new ArrayList<>();
    StdReplayer.Result s;
    try (RaceDetector d = open(backend, StdReplayer.symbolizer("gen.std"))) {
      d.addListener(fromStd::add);
      s = new StdReplayer(std, false).replay(d, null);
    }
    List<RaceReport> fromBin = new ArrayList<>();
    TraceReader.Result b;
    try (TraceReader r = TraceReader.open(bin); RaceDetector d = open(backend, r.symbolizer())) {
      d.addListener(fromBin::add);
      b = r.replay(d, null, false);
      assertEquals("gen.std", r.metadata().get("source"));
      assertTrue(r.addressNames().containsValue("V0") && r.addressNames().containsValue("L0"));
    }
    assertTrue(fromStd.size() > 10, "the trace has races: " + fromStd.size());
    assertEquals(fromStd, fromBin);
    assertTrue(b.complete());
    assertEquals(s.threads(), b.threads());
    assertEquals(s.locations(), b.locations());
    // the binary trace spells out what STD implies: the range mapping, and each joined thread's end
    assertEquals(s.events() + 1 + 8, b.events());

    Cli textStd = Cli.run("replay", "--quiet", "--backend", backend, std.toString());
    Cli textBin = Cli.run("replay", "--quiet", "--backend", backend, bin.toString());
    assertEquals(66, textStd.exit());
    assertEquals(textStd, textBin);
    assertTrue(textStd.out().endsWith("Found " + fromStd.size() + " data race(s)\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void summariesAgree(String backend) {
    Cli a = Cli.run("replay", "--json", "--backend", backend, std.toString());
    Cli b = Cli.run("replay", "--json", "--backend", backend, bin.toString());
    var ja = (java.util.Map<?, ?>) MiniJson.parse(a.out());
    var jb = (java.util.Map<?, ?>) MiniJson.parse(b.out());
    for (String k : List.of("threads", "locations", "races", "reports", "backend")) {
      assertEquals(ja.get(k), jb.get(k), k);
    }
    assertEquals(200_000L, ja.get("events"));
    assertEquals(200_009L, jb.get("events"));
    assertEquals(Boolean.TRUE, jb.get("complete"));
  }
}
