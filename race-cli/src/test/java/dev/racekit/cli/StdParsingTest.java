package dev.racekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.Frame;
import dev.racekit.tck.LoggingRaceDetector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StdParsingTest {
  @TempDir Path dir;

  private static final String KNOWN = "r, w, acq, rel, fork, join, begin, end";
  private static final long V0 = StdReplayer.VAR_BASE;
  private static final long L0 = StdReplayer.LOCK_BASE;

  private Path trace(String text) throws IOException {
    Path p = dir.resolve("t.std");
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  @Test
  void everyOperationMapsToItsEvent() throws IOException {
    Path p = trace("""
        # a comment, then a blank line

        main|w(x)|10
        main|fork(t1)|11
        t1|begin|20
        t1|acq(m)|21
        t1|r(x)|22
        t1|w(y)|23
        t1|rel(m)|24
        t1|end|25
        main|acq(m)|12
        main|r(y)|13
        main|rel(m)|14
        main|join(t1)|15
        main|r(x)|16
        """);
    LoggingRaceDetector log = new LoggingRaceDetector();
    StdReplayer r = new StdReplayer(p, false);
    StdReplayer.Result res = r.replay(log, null);
    assertEquals(List.of(
        "d.mapShadow(" + hex(V0) + ", 0x800000)",
        "t0.write(" + hex(V0) + ", 8, 0xa)",
        "t1 = d.startThread(t0, 0xb)",
        "t1.funcEnter(0x14)",
        "t1.acquire(" + hex(L0) + ")",
        "t1.read(" + hex(V0) + ", 8, 0x16)",
        "t1.write(" + hex(V0 + 8) + ", 8, 0x17)",
        "t1.release(" + hex(L0) + ")",
        "t1.funcExit()",
        "t0.acquire(" + hex(L0) + ")",
        "t0.read(" + hex(V0 + 8) + ", 8, 0xd)",
        "t0.release(" + hex(L0) + ")",
        "t1.end()",
        "t0.join(t1)",
        "t0.read(" + hex(V0) + ", 8, 0x10)"), log.calls());
    assertEquals(new StdReplayer.Result(15, 13, 0, null, 2, 2, 1, 7), res);
    assertEquals("x", r.nameOf(V0));
    assertEquals("y", r.nameOf(V0 + 8));
    assertEquals("m", r.nameOf(L0));
    assertNull(r.nameOf(V0 + 16));
  }

  @Test
  void toleratesDialectDetails() throws IOException {
    // CRLF, trailing blanks, begin()/end(x), names with punctuation, a long name, a big location, no final newline
    Path p = trace("T0|begin()|1\r\n"
        + "T0|w(obj@1.field[3])|9223372036854775807  \r\n"
        + "  \t\r\n"
        + "   # indented comment\n"
        + "T0|r(a_rather_long_variable_name)|2\t\n"
        + "T0|end(x)|3\n"
        + "T0|r(obj@1.field[3])|4");
    LoggingRaceDetector log = new LoggingRaceDetector();
    StdReplayer.Result res = new StdReplayer(p, false).replay(log, null);
    assertEquals(List.of(
        "t0.funcEnter(0x1)",
        "d.mapShadow(" + hex(V0) + ", 0x800000)",
        "t0.write(" + hex(V0) + ", 8, " + hex(Long.MAX_VALUE) + ")",
        "t0.read(" + hex(V0 + 8) + ", 8, 0x2)",
        "t0.funcExit()",
        "t0.read(" + hex(V0) + ", 8, 0x4)"), log.calls());
    assertEquals(7, res.lines());
    assertEquals(5, res.events());
  }

  @Test
  void aByteOrderMarkIsSkipped() throws IOException {
    Path p = dir.resolve("bom.std");
    Files.write(p, ("\uFEFFT0|w(x)|1\nT0|w(x)|2\n").getBytes(StandardCharsets.UTF_8));
    LoggingRaceDetector log = new LoggingRaceDetector();
    StdReplayer.Result res = new StdReplayer(p, false).replay(log, null);
    assertEquals(2, res.events());
    assertEquals(1, res.threads());
    for (int size : new int[] {1, 2, 3, 4, 5}) { // the mark split across the first reads, or the buffer grown
      LoggingRaceDetector small = new LoggingRaceDetector();
      assertEquals(res, new StdReplayer(p, false, size).replay(small, null), "buffer " + size);
      assertEquals(log.calls(), small.calls(), "buffer " + size);
    }
  }

  @Test
  void threadsThatWereNeverForkedStartFromMainAndUnjoinedThreadsEndAtTheEnd() throws IOException {
    Path p = trace("""
        a|w(x)|1
        b|r(x)|2
        a|fork(c)|3
        c|w(x)|4
        """);
    LoggingRaceDetector log = new LoggingRaceDetector();
    new StdReplayer(p, false).replay(log, null);
    assertEquals(List.of(
        "d.mapShadow(" + hex(V0) + ", 0x800000)",
        "t0.write(" + hex(V0) + ", 8, 0x1)",
        "t1 = d.startThread(t0, 0x2)", // b appears without a fork: started by the main thread a
        "t1.read(" + hex(V0) + ", 8, 0x2)",
        "t2 = d.startThread(t0, 0x3)",
        "t2.write(" + hex(V0) + ", 8, 0x4)",
        "t1.end()",
        "t2.end()"), log.calls());
  }

  @Test
  void variablesBeyondTheFirstRangeMapTheNextOne() throws IOException {
    StringBuilder sb = new StringBuilder();
    int n = (1 << 20) + 5;
    for (int i = 0; i < n; i++) {
      sb.append("T|w(v").append(i).append(")|1\n");
    }
    LoggingRaceDetector log = new LoggingRaceDetector();
    log.keepThreadEvents(false);
    StdReplayer.Result res = new StdReplayer(trace(sb.toString()), false).replay(log, null);
    assertEquals(n, res.variables());
    assertEquals(List.of("d.mapShadow(" + hex(V0) + ", 0x800000)",
        "d.mapShadow(" + hex(V0 + (8L << 20)) + ", 0x800000)"), log.calls());
    assertEquals("t0.write(" + hex(V0 + 8L * (n - 1)) + ", 8, 0x1)", log.lastThreadEvent().toString());
    assertEquals(n, log.threadEventCount());
  }

  @Test
  void tinyBuffersGiveTheSameEvents() throws IOException {
    Path p = dir.resolve("gen.std");
    try (var out = Files.newOutputStream(p)) {
      new TraceGenerator(new TraceGenerator.Config(20_000, 5, 300, 7, 30, 42)).write(out);
    }
    Files.writeString(p, "T0|r(a_name_longer_than_the_buffer_itself_" + "x".repeat(100) + ")|7", 
        java.nio.file.StandardOpenOption.APPEND);
    LoggingRaceDetector big = new LoggingRaceDetector();
    StdReplayer.Result expected = new StdReplayer(p, false).replay(big, null);
    for (int size : new int[] {1, 2, 3, 7, 16, 61, 4096}) {
      LoggingRaceDetector small = new LoggingRaceDetector();
      StdReplayer.Result got = new StdReplayer(p, false, size).replay(small, null);
      assertEquals(expected, got, "buffer " + size);
      assertEquals(big.calls(), small.calls(), "buffer " + size);
    }
    assertEquals(20_001, expected.events());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
      "no fields;                T0 w(x) 1;                expected thread|op(arg)|loc",
      "empty thread;             |w(x)|1;                  empty thread name",
      "missing operation;        T0||1;                    missing operation",
      "unknown operation;        T0|write(x)|1;            unknown operation 'write' (known: " + KNOWN + ")",
      "unknown short operation;  T0|x(y)|1;                unknown operation 'x' (known: " + KNOWN + ")",
      "missing paren;            T0|acq|1;                 missing '(' after the operation",
      "unclosed argument;        T0|r(x|1;                 missing ')'",
      "empty argument;           T0|r()|1;                 empty argument",
      "junk after argument;      T0|r(x)y|1;               expected '|' after the operation",
      "missing loc field;        T0|r(x);                  missing '|loc'",
      "empty loc;                T0|r(x)|;                 missing location",
      "negative loc;             T0|r(x)|-1;               location is not a non-negative integer",
      "hex loc;                  T0|r(x)|0x10;             location is not a non-negative integer",
      "loc overflow;             T0|r(x)|99999999999999999999; location out of range",
      "too many fields;          T0|r(x)|1|2;              too many fields",
      "parenthesis in thread;    T(0)|r(x)|1;              expected thread|op(arg)|loc",
  })
  void badLinesNameTheirNumberAndText(String kind, String line, String message) throws IOException {
    Path p = trace("# header\nT0|w(x)|1\n" + line.trim() + "\nT0|w(x)|2\n");
    StdFormatException e = assertThrows(StdFormatException.class,
        () -> new StdReplayer(p, false).replay(new LoggingRaceDetector(), null));
    assertEquals(3, e.line());
    assertEquals(p + ":3: " + message.trim() + ": '" + line.trim() + "'", e.getMessage(), kind);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "join of unknown thread;   T0|join(T9)|5;    join of thread T9, which never ran",
      "join of itself;           T0|join(T0)|5;    a thread cannot join itself",
      "fork of itself;           T0|fork(T0)|5;    a thread cannot fork itself",
      "fork of a running thread; T0|fork(T1)|5;    thread T1 was already started",
      "end without begin;        T0|end|5;         rejected: racekit: funcExit on thread 0 with an empty shadow stack",
      "event after join;         T1|w(x)|5;        thread T1 has events after it was joined",
  })
  void eventsTheTraceSemanticsRejectAreErrorsToo(String kind, String line, String message) throws IOException {
    String body = "T0|fork(T1)|1\nT1|w(x)|2\n";
    if (kind.trim().equals("event after join")) {
      body += "T0|join(T1)|3\n";
    }
    Path p = trace(body + line.trim() + "\n");
    int lineNo = body.split("\n").length + 1;
    StdFormatException e = assertThrows(StdFormatException.class,
        () -> new StdReplayer(p, false).replay(new LoggingRaceDetector(), null));
    assertEquals(lineNo, e.line(), kind);
    assertTrue(e.getMessage().startsWith(p + ":" + lineNo + ": " + message.trim()), e.getMessage());
    assertTrue(e.getMessage().endsWith(": '" + line.trim() + "'"), e.getMessage());
  }

  @Test
  void lenientSkipsAndCountsBadLinesWhichChangeNothing() throws IOException {
    Path p = trace("""
        T0|w(x)|1
        T0|fork(T1)|2
        garbage
        T1|r(x)|3
        T0|join(T7)|4
        T1|bogus(x)|5
        T1|end|6
        T0|join(T1)|7
        """);
    LoggingRaceDetector log = new LoggingRaceDetector();
    StdReplayer.Result res = new StdReplayer(p, true).replay(log, null);
    assertEquals(4, res.skipped());
    assertEquals(8, res.lines());
    assertEquals(4, res.events());
    assertEquals(p + ":3: expected thread|op(arg)|loc: 'garbage'", res.firstSkipped());
    assertEquals(List.of(
        "d.mapShadow(" + hex(V0) + ", 0x800000)",
        "t0.write(" + hex(V0) + ", 8, 0x1)",
        "t1 = d.startThread(t0, 0x2)",
        "t1.read(" + hex(V0) + ", 8, 0x3)",
        "t1.end()",
        "t0.join(t1)"), log.calls());
  }

  @Test
  void controlCharactersInAQuotedLineAreEscaped() throws IOException {
    Path p = trace("T0|w(x)|1\u0001\n");
    StdFormatException e = assertThrows(StdFormatException.class,
        () -> new StdReplayer(p, false).replay(new LoggingRaceDetector(), null));
    assertTrue(e.getMessage().endsWith("'T0|w(x)|1\\x01'"), e.getMessage());
  }

  @Test
  void theSymbolizerPrintsTraceAndLocation() {
    assertEquals(List.of(new Frame("bank.std:21", "bank.std", 21, 0)),
        StdReplayer.symbolizer("bank.std").symbolize(21));
  }

  @Test
  void nameTableInternsShortAndLongNames() {
    NameTable t = new NameTable();
    byte[][] names = new byte[20_000][];
    for (int i = 0; i < names.length; i++) {
      names[i] = ((i % 3 == 0 ? "a_long_name_number_" : "V") + i).getBytes(StandardCharsets.UTF_8);
    }
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < names.length; i++) {
        byte[] b = names[i];
        assertEquals(i, t.intern(b, 0, b.length, NameTable.hash(b, 0, b.length), NameTable.key(b, 0, b.length)));
      }
    }
    byte[] nope = "nope".getBytes(StandardCharsets.UTF_8);
    assertEquals(-1, t.find(nope, 0, 4, NameTable.hash(nope, 0, 4), NameTable.key(nope, 0, 4)));
    assertEquals("V20", t.name(20));
    assertEquals("a_long_name_number_21", t.name(21));
    // a zero byte does not make two names equal
    byte[] z = {'a', 0};
    assertEquals(names.length, t.intern(z, 0, 2, NameTable.hash(z, 0, 2), NameTable.key(z, 0, 2)));
    byte[] a = {'a'};
    assertEquals(names.length + 1, t.intern(a, 0, 1, NameTable.hash(a, 0, 1), NameTable.key(a, 0, 1)));
  }
}
