package dev.racekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: exit statuses, messages, --json, the progress bar, generate, convert. */
class MainTest {
  @TempDir Path dir;

  private static String example(String name) {
    return Cli.examples().resolve(name + ".std").toString();
  }

  private static void assertOneLineError(Cli r, String containing) {
    assertEquals(2, r.exit(), r.toString());
    assertEquals(1, r.err().lines().count(), "one line: " + r);
    assertTrue(r.err().contains(containing), r.toString());
    assertEquals("", r.out(), r.toString());
  }

  @Test
  void exitStatusIsZeroWithoutRacesAndTheExitcodeOptionWithRaces() {
    assertEquals(0, Cli.run("replay", example("fork-join")).exit());
    assertEquals(66, Cli.run("replay", example("bank-account")).exit());
    assertEquals(3, Cli.run("replay", "--options", "exitcode=3", example("bank-account")).exit());
    assertEquals(0, Cli.run("replay", "--options=exitcode=0", example("bank-account")).exit());
  }

  @Test
  void badUsageIsTwoWithOneLine() throws IOException {
    Cli none = Cli.run();
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("Usage:"));
    assertOneLineError(Cli.run("frobnicate"), "unknown command 'frobnicate'");
    assertOneLineError(Cli.run("replay"), "expected one trace file");
    assertOneLineError(Cli.run("replay", "a.std", "b.std"), "expected one trace file");
    assertOneLineError(Cli.run("replay", "--frob", example("fork-join")), "unknown option '--frob'");
    assertOneLineError(Cli.run("replay", "-x", example("fork-join")), "unknown option '-x'");
    assertOneLineError(Cli.run("replay", example("fork-join"), "--backend"), "--backend needs a value");
    assertOneLineError(Cli.run("replay", "--json=1", example("fork-join")), "--json takes no value");
    assertOneLineError(Cli.run("replay", dir.resolve("missing.std").toString()), "no such file");
    assertOneLineError(Cli.run("replay", dir.toString()), "a directory");
    assertOneLineError(Cli.run("replay", "--format", "xml", example("fork-join")), "--format must be std or bin");
    assertOneLineError(Cli.run("replay", "--backend", "nosuch", example("fork-join")), "nosuch");
    assertOneLineError(Cli.run("replay", "--options", "history_size=9", example("fork-join")), "history_size");
    assertOneLineError(Cli.run("replay", "--options", "frob=1", example("fork-join")), "unknown key 'frob'");
    assertOneLineError(Cli.run("replay", "--options", "novalue", example("fork-join")), "not key=value");
    assertOneLineError(Cli.run("generate", "--threads", "1", dir.resolve("g.std").toString()), "--threads");
    assertOneLineError(Cli.run("generate", "--events", "ten", dir.resolve("g.std").toString()), "not a whole number");
    assertOneLineError(Cli.run("convert", example("fork-join")), "expected an input and an output file");
  }

  @Test
  void aMalformedTraceIsTwoWithTheLineNamed() throws IOException {
    Path bad = dir.resolve("bad.std");
    Files.writeString(bad, "T0|w(x)|1\nT0|w(x)|one\n");
    Cli r = Cli.run("replay", bad.toString());
    assertEquals(2, r.exit(), r.toString());
    assertEquals("racekit replay: " + bad + ":2: location is not a non-negative integer: 'T0|w(x)|one'",
        r.err().strip());

    Cli lenient = Cli.run("replay", "--lenient", bad.toString());
    assertEquals(0, lenient.exit(), lenient.toString());
    assertTrue(lenient.out().contains("skipped 1 lines that did not parse; the first: " + bad + ":2:"),
        lenient.toString());

    Path notTrace = dir.resolve("damaged.rktrace");
    Cli conv = Cli.run("convert", "--quiet", example("bank-account"), notTrace.toString());
    assertEquals(0, conv.exit());
    byte[] bytes = Files.readAllBytes(notTrace);
    Files.write(notTrace, java.util.Arrays.copyOf(bytes, 9)); // magic and version, nothing else
    assertOneLineError(Cli.run("replay", notTrace.toString()), "damaged trace");
  }

  @Test
  void anUnreadableFileIsTwo() throws IOException {
    Path f = dir.resolve("secret.std");
    Files.writeString(f, "T0|w(x)|1\n");
    if (f.toFile().setReadable(false) && !Files.isReadable(f)) { // not when running as root
      assertOneLineError(Cli.run("replay", f.toString()), "permission denied");
    }
  }

  @Test
  void jsonHasTheSummaryAndTheReports() {
    Cli r = Cli.run("replay", "--json", example("lazy-init"));
    assertEquals(66, r.exit(), r.toString());
    assertEquals(1, r.out().lines().count(), "one JSON document on one line");
    Map<String, Object> json = MiniJson.object(MiniJson.parse(r.out()));
    assertEquals(example("lazy-init"), json.get("trace"));
    assertEquals("std", json.get("format"));
    assertEquals(17L, json.get("events"));
    assertEquals(3L, json.get("threads"));
    assertEquals(2L, json.get("races"));
    assertEquals(0L, json.get("skippedLines"));
    assertTrue(json.get("seconds") instanceof Double);
    assertTrue(json.get("eventsPerSecond") instanceof Long);
    List<?> reports = (List<?>) json.get("reports");
    assertEquals(2, reports.size());
    Map<String, Object> first = MiniJson.object(reports.get(0));
    assertEquals("DATA_RACE", first.get("kind"));
    Map<String, Object> cur = MiniJson.object(first.get("current"));
    assertEquals("read", cur.get("type"));
    assertEquals("0x10000000", cur.get("address"));
    assertEquals("instance", cur.get("variable"));
    assertEquals(2L, cur.get("thread"));
    assertEquals(8L, cur.get("size"));
    assertEquals(Boolean.TRUE, cur.get("stackRestored"));
    List<?> stack = (List<?>) cur.get("stack");
    assertEquals(Map.of("pc", "0x15", "function", "lazy-init.std:21", "file", "lazy-init.std", "line", 21L,
        "offset", 0L), stack.get(0));
    Map<String, Object> prevThread = MiniJson.object(first.get("previousThread"));
    assertEquals(1L, prevThread.get("id"));
    assertEquals(Boolean.TRUE, prevThread.get("running"));
    assertTrue(((String) first.get("text")).startsWith("==================\nWARNING: DATA RACE\n"));
    assertFalse(r.err().contains("WARNING"), "no text reports in --json mode");
  }

  @Test
  void progressBarOnlyOnATerminalAndNotWhenQuiet() {
    String trace = example("producer-consumer");
    Cli piped = Cli.run(false, 0, "replay", trace);
    assertEquals("", piped.err(), "no progress bar when stderr is not a terminal");
    Cli quiet = Cli.run(true, 0, "replay", "--quiet", trace);
    assertEquals("", quiet.err(), "no progress bar with --quiet");
    Cli tty = Cli.run(true, 0, "replay", trace);
    assertTrue(tty.err().contains("\r["), "a bar on a terminal: " + tty);
    assertTrue(tty.err().endsWith("\r"), "erased at the end: " + tty);
    assertFalse(tty.out().contains("\r"), "nothing of it on stdout");
    Cli shortRun = Cli.run(true, ProgressBar.DEFAULT_DELAY_NANOS, "replay", trace);
    assertEquals("", shortRun.err(), "no bar for a replay shorter than the delay");
  }

  @Test
  void helpVersionAndBackends() {
    Cli help = Cli.run("help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("racekit replay FILE"));
    assertEquals(0, Cli.run("--version").exit());
    Cli b = Cli.run("backends");
    assertEquals(0, b.exit());
    assertTrue(b.out().contains("java (priority 10): can run here"), b.toString());
  }

  @Test
  void generateIsDeterministicAndExact() throws IOException {
    Path a = dir.resolve("a.std");
    Path b = dir.resolve("b.std");
    assertEquals(0, Cli.run("generate", "--quiet", "--events", "50000", "--seed", "7", a.toString()).exit());
    assertEquals(0, Cli.run("generate", "--events=5e4", "--seed=7", b.toString()).exit());
    assertEquals(-1, Files.mismatch(a, b));
    try (var lines = Files.lines(a)) {
      assertEquals(50_000, lines.count());
    }
    Path c = dir.resolve("c.std");
    Cli.run("generate", "--quiet", "--events", "50000", "--seed", "8", c.toString());
    assertTrue(Files.mismatch(a, c) >= 0, "another seed, another trace");
    Cli r = Cli.run("replay", "--json", a.toString());
    Map<String, Object> json = MiniJson.object(MiniJson.parse(r.out()));
    assertEquals(50_000L, json.get("events"));
    assertEquals(17L, json.get("threads"));
    assertEquals(0L, json.get("skippedLines"));
    assertTrue((Long) json.get("races") > 0, "the generator's racy variables race");
    assertEquals(66, r.exit());
  }

  @Test
  void generateToStandardOutput() {
    Cli r = Cli.run("generate", "--events", "40", "--threads", "3", "-");
    assertEquals(0, r.exit());
    assertEquals(40, r.out().lines().count());
    assertTrue(r.out().startsWith("T0|fork(T1)|11\nT0|fork(T2)|12\n"), r.out());
    assertTrue(r.out().endsWith("T0|join(T1)|501\nT0|join(T2)|502\n"), r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"std", "bin"})
  void formatIsDetectedOrForced(String format) throws IOException {
    Path bin = dir.resolve("b.rktrace");
    assertEquals(0, Cli.run("convert", "--quiet", example("bank-account"), bin.toString()).exit());
    String file = format.equals("std") ? example("bank-account") : bin.toString();
    Cli detected = Cli.run("replay", "--json", file);
    assertTrue(detected.out().contains("\"format\":\"" + format + "\""), detected.toString());
    Cli forced = Cli.run("replay", "--format", format, "--quiet", file);
    assertEquals(66, forced.exit());
    // the wrong format is a clean error, not a crash
    Cli wrong = Cli.run("replay", "--format", format.equals("std") ? "bin" : "std", file);
    assertEquals(2, wrong.exit(), wrong.toString());
    assertEquals(1, wrong.err().lines().count(), wrong.toString());
  }

  @Test
  void convertRefusesABinaryInputAndReportsSizes() throws IOException {
    Path bin = dir.resolve("b.rktrace");
    Cli c = Cli.run("convert", example("bank-account"), bin.toString());
    assertEquals(0, c.exit());
    assertTrue(c.out().startsWith("Converted " + example("bank-account") + " (14 events"), c.out());
    assertOneLineError(Cli.run("convert", bin.toString(), dir.resolve("x").toString()), "already a binary trace");
    assertFalse(Files.exists(dir.resolve("b.rktrace.tmp")));
    String std = Files.readString(Path.of(example("bank-account")), StandardCharsets.UTF_8);
    assertTrue(std.contains("balance"));
  }
}
