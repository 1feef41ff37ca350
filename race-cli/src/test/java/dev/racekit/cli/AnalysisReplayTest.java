package dev.racekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.cli.analysis.Oracle;
import dev.racekit.cli.analysis.TraceModel;
import dev.racekit.trace.RecordingDetector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code racekit replay --analysis}: both formats, the reports and counts, --json, recordings, bad input. */
class AnalysisReplayTest {
  private static final Pattern LINE = Pattern.compile(
      "^(hb|shb|wcp) race on \\S+ \\(0x[0-9a-f]+\\): (read|write) by thread \\d+ at t\\.std:(\\d+), previous "
          + "(read|write) by thread \\d+ at t\\.std:(\\d+)$");

  @TempDir Path dir;

  /** The STD text of a model trace: thread t is T<t>, variable x V<x>, lock l L<l>; event i has location i + 1. */
  static String std(TraceModel m) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < m.events.size(); i++) {
      TraceModel.Event e = m.events.get(i);
      String arg = switch (e.op()) {
        case READ -> "r(V" + e.arg() + ")";
        case WRITE -> "w(V" + e.arg() + ")";
        case ACQ -> "acq(L" + e.arg() + ")";
        case REL -> "rel(L" + e.arg() + ")";
        case FORK -> "fork(T" + e.arg() + ")";
        case JOIN -> "join(T" + e.arg() + ")";
        default -> throw new IllegalArgumentException("STD has no atomic accesses");
      };
      b.append('T').append(e.thread()).append('|').append(arg).append('|').append(i + 1).append('\n');
    }
    return b.toString();
  }

  /**
   * Random traces written as STD and as binary: each analysis's text reports name, for each racy event the oracle
   * finds, an earlier access it really races with, and the binary form gives the same output.
   */
  @Test
  void bothFormatsReportWhatTheOracleFinds() throws IOException {
    Random seeds = new Random(42);
    int checked = 0;
    for (int k = 0; k < 24; k++) {
      TraceModel m = TraceModel.random(new Random(seeds.nextLong()), 5, k % 2 == 0 ? 2 : 5, 2, 120, 50);
      Path std = dir.resolve("t.std");
      Files.writeString(std, std(m));
      Path bin = dir.resolve("t.rktrace");
      Cli conv = Cli.run("convert", "--quiet", std.toString(), bin.toString());
      assertEquals(0, conv.exit(), conv.toString());
      Oracle o = new Oracle(m);
      for (String a : List.of("hb", "shb", "wcp")) {
        List<BitSet> expected = a.equals("wcp") ? o.wcpRaces() : o.hbRaces(a.equals("shb"));
        long racy = expected.stream().filter(s -> !s.isEmpty()).count();
        Cli text = Cli.run("replay", "--quiet", "--analysis", a, std.toString());
        assertEquals(racy > 0 ? 66 : 0, text.exit(), text.toString());
        String[] lines = text.out().isEmpty() ? new String[0] : text.out().split("\n");
        assertEquals(racy, lines.length, a + "\n" + std(m) + text);
        for (String line : lines) {
          Matcher mt = LINE.matcher(line);
          assertTrue(mt.matches(), line);
          int second = Integer.parseInt(mt.group(3)) - 1;
          int first = Integer.parseInt(mt.group(5)) - 1;
          assertTrue(expected.get(second).get(first), a + ": " + line + "\n" + std(m));
          assertEquals(m.events.get(second).op() == TraceModel.Op.WRITE, mt.group(2).equals("write"), line);
          assertEquals(m.events.get(first).op() == TraceModel.Op.WRITE, mt.group(4).equals("write"), line);
        }
        Cli binary = Cli.run("replay", "--quiet", "--analysis", a, bin.toString());
        assertEquals(text.exit(), binary.exit(), binary.toString());
        // the binary trace carries the STD names and locations: the same lines
        assertEquals(text.out(), binary.out(), binary.toString());
        checked += lines.length;
      }
    }
    assertTrue(checked > 50, "racy events checked: " + checked);
  }

  @Test
  void jsonHasTheCountsAndTheRaces() throws IOException {
    Path std = dir.resolve("t.std");
    Files.writeString(std, """
        T0|fork(T1)|1
        T0|fork(T2)|2
        T1|w(x)|10
        T1|w(y)|11
        T2|r(y)|20
        T2|r(x)|21
        """);
    Cli hb = Cli.run("replay", "--json", "--analysis", "hb", std.toString());
    assertEquals(66, hb.exit(), hb.toString());
    Map<String, Object> j = MiniJson.object(MiniJson.parse(hb.out()));
    assertEquals("hb", j.get("analysis"));
    assertEquals(2L, ((Number) j.get("racyEvents")).longValue());
    assertEquals(2L, ((Number) j.get("racyLocations")).longValue());
    assertEquals(6L, ((Number) j.get("events")).longValue());
    assertEquals(0L, ((Number) j.get("unmappedAccesses")).longValue());
    List<?> races = (List<?>) j.get("races");
    assertEquals(2, races.size());
    Map<String, Object> first = MiniJson.object(races.get(0));
    assertEquals("y", first.get("variable"));
    Map<String, Object> a = MiniJson.object(first.get("first"));
    Map<String, Object> b = MiniJson.object(first.get("second"));
    assertEquals("write", a.get("op"));
    assertEquals("t.std:11", a.get("location"));
    assertEquals("read", b.get("op"));
    assertEquals("t.std:20", b.get("location"));

    Cli shb = Cli.run("replay", "--json", "--analysis", "shb", std.toString());
    Map<String, Object> s = MiniJson.object(MiniJson.parse(shb.out()));
    assertEquals(1L, ((Number) s.get("racyEvents")).longValue());
    assertEquals(1L, ((Number) s.get("racyLocations")).longValue());

    Cli text = Cli.run("replay", "--analysis", "hb", std.toString());
    assertTrue(text.out().contains("  racy events: 2, racy locations: 2\n"), text.out());
    assertTrue(text.out().contains("hb race on y (0x"), text.out());
  }

  /** Above 1,000 racy events --json gives the counts only, and says so. */
  @Test
  void jsonListsTheRacesOnlyWhenFew() throws IOException {
    StringBuilder b = new StringBuilder("T0|fork(T1)|1\n");
    for (int i = 0; i < 600; i++) {
      b.append("T1|w(x)|10\nT0|w(x)|11\n");
    }
    Path std = dir.resolve("many.std");
    Files.writeString(std, b.toString());
    Cli c = Cli.run("replay", "--json", "--analysis", "hb", std.toString());
    Map<?, ?> j = (Map<?, ?>) MiniJson.parse(c.out());
    assertEquals(1199L, ((Number) j.get("racyEvents")).longValue()); // every write but the first
    assertEquals(1L, ((Number) j.get("racyLocations")).longValue());
    assertEquals(false, j.get("racesListed"));
    assertEquals(null, j.get("races"));
    Cli text = Cli.run("replay", "--analysis", "hb", std.toString());
    assertEquals(1199 + 4, text.out().split("\n").length, "a line per racy event, a blank line, the summary");
  }

  @Test
  void theDefaultIsTheOnlineDetector() throws IOException {
    Path std = dir.resolve("t.std");
    Files.writeString(std, "T0|fork(T1)|1\nT1|w(x)|10\nT0|w(x)|11\n");
    Cli online = Cli.run("replay", "--analysis", "online", "--backend", "java", std.toString());
    Cli dflt = Cli.run("replay", "--backend", "java", std.toString());
    assertEquals(66, online.exit());
    assertTrue(online.out().contains("WARNING: DATA RACE"), online.out());
    assertEquals(dflt.out().replaceAll("time [0-9.]+ s, [0-9,]+ events/s", ""),
        online.out().replaceAll("time [0-9.]+ s, [0-9,]+ events/s", ""));
  }

  @Test
  void badInputIsAClearErrorWithTheLine() throws IOException {
    Path std = dir.resolve("bad.std");
    Files.writeString(std, "T0|fork(T1)|1\nT1|w(x)|2\nT1|frob(x)|3\n");
    for (String a : List.of("hb", "shb", "wcp")) {
      Cli c = Cli.run("replay", "--analysis", a, std.toString());
      assertEquals(2, c.exit(), c.toString());
      assertTrue(c.err().contains("bad.std:3: unknown operation 'frob'"), c.err());
    }
    Cli lenient = Cli.run("replay", "--lenient", "--analysis", "hb", std.toString());
    assertEquals(0, lenient.exit(), lenient.toString());
    assertTrue(lenient.out().contains("skipped 1 lines"), lenient.out());

    Cli backend = Cli.run("replay", "--analysis", "hb", "--backend", "java", std.toString());
    assertEquals(2, backend.exit());
    assertTrue(backend.err().contains("--backend applies to the online detector, not to --analysis hb"),
        backend.err());

    Cli unknown = Cli.run("replay", "--analysis", "lockset", std.toString());
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("--analysis must be online, hb, shb or wcp, not 'lockset'"), unknown.err());

    // a binary trace cut off inside an event
    Path good = dir.resolve("good.std");
    Files.writeString(good, "T0|fork(T1)|1\n" + "T1|w(x)|2\nT0|r(y)|3\n".repeat(500));
    Path bin = dir.resolve("t.rktrace");
    assertEquals(0, Cli.run("convert", "--quiet", good.toString(), bin.toString()).exit());
    byte[] all = Files.readAllBytes(bin);
    Path cut = dir.resolve("cut.rktrace");
    Cli c = null;
    // a cut can land between events (then the rest reads as a trace without its end marker): cut until inside one
    for (int len = all.length / 2; len > all.length / 2 - 16; len--) {
      Files.write(cut, java.util.Arrays.copyOf(all, len));
      c = Cli.run("replay", "--analysis", "hb", cut.toString());
      if (c.exit() == 2) {
        break;
      }
    }
    assertEquals(2, c.exit(), c.toString());
    assertTrue(c.err().contains("cut off inside an event"), c.err());
    assertTrue(c.err().contains("cut.rktrace"), c.err());
    Cli cutLenient = Cli.run("replay", "--lenient", "--analysis", "hb", cut.toString());
    assertTrue(cutLenient.exit() == 0 || cutLenient.exit() == 66, cutLenient.toString());
    assertTrue(cutLenient.err().contains("has no end marker"), cutLenient.err());
  }

  /**
   * A live run recorded with RecordingDetector (every kind of event, threads coming and going) analyses without
   * errors, and the analyses nest as their relations do: WCP orders less than HB, SHB more.
   */
  @Test
  void aRecordingOfALiveRunAnalyses() throws IOException {
    Path file = dir.resolve("run.rktrace");
    try (RaceDetector d = RecordingDetector.to(file).symbolizer(RecordReplayTest.SYMBOLS)
        .recordOnly(RaceOptions.defaults())) {
      RecordReplayTest.program(d, 7);
    }
    long[] racy = new long[3];
    String[] names = {"shb", "hb", "wcp"};
    for (int i = 0; i < 3; i++) {
      Cli c = Cli.run("replay", "--json", "--analysis", names[i], file.toString());
      assertEquals(66, c.exit(), c.toString());
      Map<String, Object> j = MiniJson.object(MiniJson.parse(c.out()));
      racy[i] = ((Number) j.get("racyEvents")).longValue();
      assertTrue(((Number) j.get("racyLocations")).longValue() > 0);
      Cli text = Cli.run("replay", "--analysis", names[i], file.toString());
      assertTrue(text.out().contains(names[i] + " race on 0x"), text.out().substring(0, 200));
      assertTrue(text.out().contains("at Tool.java:"), text.out().substring(0, 400));
    }
    assertTrue(racy[0] <= racy[1] && racy[1] <= racy[2], java.util.Arrays.toString(racy));
    assertTrue(racy[0] > 0);
  }

  @Test
  void theExamplesRaceOnTheVariablesTheOnlineDetectorNames() throws IOException {
    for (String name : List.of("bank-account", "fork-join", "lazy-init", "producer-consumer")) {
      Path trace = Cli.examples().resolve(name + ".std");
      Cli online = Cli.run("replay", "--json", "--backend", "java", trace.toString());
      Cli hb = Cli.run("replay", "--json", "--analysis", "hb", trace.toString());
      assertEquals(online.exit(), hb.exit(), hb.toString());
      java.util.Set<Object> onlineVars = new java.util.TreeSet<>();
      for (Object r : (List<?>) ((Map<?, ?>) MiniJson.parse(online.out())).get("reports")) {
        onlineVars.add(((Map<?, ?>) ((Map<?, ?>) r).get("current")).get("variable"));
      }
      java.util.Set<Object> hbVars = new java.util.TreeSet<>();
      for (Object r : (List<?>) ((Map<?, ?>) MiniJson.parse(hb.out())).get("races")) {
        hbVars.add(((Map<?, ?>) r).get("variable"));
      }
      assertEquals(onlineVars, hbVars, name);
    }
    String text = Files.readString(Cli.examples().resolve("lazy-init.std"), StandardCharsets.UTF_8);
    assertTrue(text.contains("instance"));
  }
}
