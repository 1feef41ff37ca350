package dev.racekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure is one line and a status, never a stack trace or silence; nothing of a trace reaches a terminal raw. */
class ErrorOutputTest {
  @TempDir Path dir;

  private static String example(String name) {
    return Cli.examples().resolve(name + ".std").toString();
  }

  private static void assertOneLine(Cli r, int exit, String containing) {
    assertEquals(exit, r.exit(), r.toString());
    assertEquals(1, r.err().lines().count(), "one line: " + r);
    assertTrue(r.err().contains(containing), r.toString());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
  }

  @Test
  void jsonGivesAnErrorObject() throws IOException {
    Cli r = Cli.run("replay", "--json", dir.resolve("missing.std").toString());
    assertOneLine(r, 2, "no such file");
    Map<String, Object> json = MiniJson.object(MiniJson.parse(r.out()));
    assertTrue(((String) json.get("error")).contains("no such file"), r.out());
    assertEquals(2L, json.get("exitStatus"));
    Path bad = dir.resolve("bad.std");
    Files.writeString(bad, "T0|w(x)|one\n");
    Cli line = Cli.run("replay", bad.toString(), "--json");
    assertEquals(2, line.exit());
    assertTrue(((String) ((Map<?, ?>) MiniJson.parse(line.out())).get("error")).contains(bad + ":1:"), line.out());
  }

  @Test
  void controlCharactersOfATraceAreEscaped() throws IOException {
    Path fork = dir.resolve("fork.std");
    Files.write(fork, "T1|w(x)|1\nT\u001b[31m2|fork(T1)|2\n".getBytes(StandardCharsets.UTF_8));
    Cli r = Cli.run("replay", fork.toString());
    assertOneLine(r, 2, "'T\\x1b[31m2|fork(T1)|2'");
    Path join = dir.resolve("join.std");
    Files.write(join, "T1|w(x)|1\nT1|join(\u001b]0;owned\u0007)|2\n".getBytes(StandardCharsets.UTF_8));
    Cli j = Cli.run("replay", join.toString());
    assertOneLine(j, 2, "join of thread \\x1b]0;owned\\x07, which never ran");
    Path op = dir.resolve("op.std");
    Files.write(op, "T1|w\u009b2J(x)|1\n".getBytes(StandardCharsets.UTF_8));
    assertOneLine(Cli.run("replay", op.toString()), 2, "unknown operation 'w\\x9b2J'");
    for (Cli c : List.of(r, j)) {
      assertFalse(c.err().chars().anyMatch(ch -> ch < 0x20 && ch != '\n'), c.toString());
    }
    // a variable name that raced, in the summary, and the trace's name in the report frames
    Path racy = dir.resolve("racy\u001b.std");
    Files.write(racy, "T0|fork(T1)|1\nT1|w(v\u001b[2J)|2\nT0|r(v\u001b[2J)|3\n".getBytes(StandardCharsets.UTF_8));
    Cli s = Cli.run("replay", racy.toString());
    assertEquals(66, s.exit(), s.toString());
    assertTrue(s.out().contains("(on v\\x1b[2J)"), s.out());
    assertFalse(s.out().contains("\u001b"), s.out());
  }

  @Test
  void replayHelpIsHelp() {
    for (String h : List.of("--help", "-h")) {
      Cli r = Cli.run("replay", h);
      assertEquals(0, r.exit(), r.toString());
      assertTrue(r.out().contains("racekit replay FILE"), r.toString());
    }
    assertEquals(0, Cli.run("convert", "--help").exit());
  }

  @Test
  void devicesAndPipesAreNotRegularFilesRatherThanUnreadable() throws Exception {
    Path devNull = Path.of("/dev/null");
    Assumptions.assumeTrue(Files.exists(devNull), "no /dev/null here");
    assertOneLine(Cli.run("replay", "/dev/null"), 2, "/dev/null (not a regular file");
    Path fifo = dir.resolve("fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    Assumptions.assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "no mkfifo here");
    Cli r = Cli.run("replay", fifo.toString());
    assertOneLine(r, 2, "not a regular file");
    assertFalse(r.err().contains("permission denied"), r.toString());
  }

  @Test
  void anOutputThatCannotBeWrittenIsAnError() {
    OutputStream full = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("No space left on device");
      }
    };
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Main main = new Main(new PrintStream(full, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    int exit = main.execute(new String[] {"replay", example("fork-join")});
    String e = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, exit, e);
    assertTrue(e.contains("cannot write the output"), e);
  }

  @Test
  void anUnwritableLogPathIsOneLine() {
    Cli r = Cli.run("replay", "--options", "log_path=" + dir.resolve("no/such/dir/log"), example("bank-account"));
    assertOneLine(r, 2, "cannot open log_path file");
  }

  @Test
  void aDamagedBinaryMagicIsNotParsedAsText() throws IOException {
    Path bin = dir.resolve("b.rktrace");
    assertEquals(0, Cli.run("convert", "--quiet", example("bank-account"), bin.toString()).exit());
    byte[] bytes = Files.readAllBytes(bin);
    bytes[2] = 'x';
    Files.write(bin, bytes);
    Cli r = Cli.run("replay", bin.toString());
    assertOneLine(r, 2, "magic bytes are damaged");
  }

  @Test
  void runningOutOfMemoryIsOneLine() throws Exception {
    // one line of 64 MiB: the parser's buffer grows past a 32 MiB heap
    Path big = dir.resolve("big.std");
    byte[] line = new byte[64 << 20];
    java.util.Arrays.fill(line, (byte) 'a');
    Files.write(big, line);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-Xmx32m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", Main.class.getName(), "replay", "--backend", "java",
        big.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue(), err);
    assertTrue(err.contains("out of memory"), err);
    assertEquals(1, err.lines().count(), err);
    assertFalse(err.contains("\tat "), err);
  }
}
