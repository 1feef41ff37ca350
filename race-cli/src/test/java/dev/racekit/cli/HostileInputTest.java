package dev.racekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Traces that were cut or that claim more than their size allows: a warning that says what was lost, or a refusal. */
class HostileInputTest {
  @TempDir Path dir;

  private Path converted() throws IOException {
    Path bin = dir.resolve("bank.rktrace");
    assertEquals(0, Cli.run("convert", "--quiet", Cli.examples().resolve("bank-account.std").toString(),
        bin.toString()).exit());
    return bin;
  }

  @Test
  void aTraceWhoseTrailerWasCutWarnsThatItsSymbolsAndNamesAreLost() throws IOException {
    byte[] bytes = Files.readAllBytes(converted());
    Path cut = dir.resolve("cut.rktrace");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 5)); // inside the footer
    Cli r = Cli.run("replay", cut.toString());
    assertEquals(66, r.exit(), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
    assertTrue(r.err().contains("warning: " + cut + " ends after its events: its trailer or footer is missing or cut"
        + " off"), r.toString());
    assertTrue(r.err().contains("lost: the symbols of its pcs and the names of its variables"), r.toString());
    assertTrue(r.out().contains("??()"), "raw pcs: " + r.out());
    Cli json = Cli.run("replay", "--json", cut.toString());
    assertTrue(json.err().contains("trailer or footer is missing"), json.toString());
  }

  @Test
  void aClosedTraceReplaysWithoutAWarning() throws IOException {
    Cli r = Cli.run("replay", converted().toString());
    assertEquals(66, r.exit());
    assertEquals("", r.err());
  }

  @Test
  void aTraceWithoutItsEndMarkerSaysWhatWasLost() throws IOException {
    Path bin = converted();
    byte[] bytes = Files.readAllBytes(bin);
    // the events end where the trailer starts: the footer's first 8 bytes hold that offset; END is the byte before
    long trailer = 0;
    for (int i = 7; i >= 0; i--) {
      trailer = (trailer << 8) | (bytes[bytes.length - 16 + i] & 0xff);
    }
    Path cut = dir.resolve("noend.rktrace");
    Files.write(cut, Arrays.copyOf(bytes, (int) trailer - 1));
    Cli r = Cli.run("replay", cut.toString());
    assertTrue(r.err().contains("has no end marker"), r.toString());
    assertTrue(r.err().contains("lost: the events after the cut, the symbols of its pcs and the names"),
        r.toString());
  }

  @Test
  void aSmallStdTraceCannotKeepThousandsOfThreadsAlive() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 2000; i++) {
      b.append("T0|fork(T").append(i).append(")|1\n");
    }
    Path p = dir.resolve("threads.std");
    Files.writeString(p, b);
    long size = Files.size(p);
    int limit = (int) (256 + size / 128);
    for (String mode : new String[] {"--quiet", "--lenient"}) {
      Cli r = Cli.run("replay", mode, p.toString());
      assertEquals(2, r.exit(), r.toString());
      assertTrue(r.err().contains(p + ":" + limit + ": the trace has more than " + limit + " threads alive at once"),
          r.toString());
    }
    Cli trusted = Cli.run("replay", "--no-limits", p.toString());
    assertEquals(0, trusted.exit(), "--no-limits lifts the limit: " + trusted);
    // the same number of threads, each joined before the next is forked, is fine
    StringBuilder seq = new StringBuilder();
    for (int i = 1; i <= 2000; i++) {
      seq.append("T0|fork(T").append(i).append(")|1\nT0|join(T").append(i).append(")|2\n");
    }
    Files.writeString(p, seq);
    Cli ok = Cli.run("replay", p.toString());
    assertEquals(0, ok.exit(), ok.toString());
    assertFalse(ok.err().contains("threads alive"));
  }

  /** The offline analyses replay through the same readers: the same limits hold for them. */
  @Test
  void theAnalysesKeepTheSameLimits() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 2000; i++) {
      b.append("T0|fork(T").append(i).append(")|1\n");
    }
    Path p = dir.resolve("threads-analysis.std");
    Files.writeString(p, b);
    for (String analysis : new String[] {"hb", "shb", "wcp"}) {
      Cli r = Cli.run("replay", "--analysis", analysis, p.toString());
      assertEquals(2, r.exit(), r.toString());
      assertTrue(r.err().contains("threads alive at once"), r.toString());
      Cli trusted = Cli.run("replay", "--analysis", analysis, "--no-limits", p.toString());
      assertEquals(0, trusted.exit(), trusted.toString());
    }
  }
}
