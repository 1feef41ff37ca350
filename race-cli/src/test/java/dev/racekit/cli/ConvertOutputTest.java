package dev.racekit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convert} never destroys its input or replaces what is not a regular file, and fails without a trace. */
class ConvertOutputTest {
  @TempDir Path dir;

  private Path input() throws IOException {
    Path in = dir.resolve("in.std");
    Files.copy(Cli.examples().resolve("bank-account.std"), in);
    return in;
  }

  private static void assertRefused(Cli r, String containing) {
    assertEquals(2, r.exit(), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
    assertTrue(r.err().contains(containing), r.toString());
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theInputIsNeverTheOutput() throws IOException {
    Path in = input();
    byte[] before = Files.readAllBytes(in);
    assertRefused(Cli.run("convert", in.toString(), in.toString()), "is the input");
    assertRefused(Cli.run("convert", in.toString(), dir.resolve(".").resolve("in.std").toString()), "is the input");
    Path link = dir.resolve("link.rktrace");
    Files.createSymbolicLink(link, in);
    assertRefused(Cli.run("convert", in.toString(), link.toString()), "is the input");
    assertArrayEquals(before, Files.readAllBytes(in));
    assertEquals(List.of("in.std", "link.rktrace"), files());
  }

  @Test
  void aDirectoryOrADeviceIsNotReplaced() throws IOException {
    Path in = input();
    Path sub = Files.createDirectory(dir.resolve("out"));
    Files.writeString(sub.resolve("keep"), "x");
    assertRefused(Cli.run("convert", in.toString(), sub.toString()), "is a directory");
    assertEquals("x", Files.readString(sub.resolve("keep")));
    Path devNull = Path.of("/dev/null");
    Assumptions.assumeTrue(Files.exists(devNull), "no /dev/null here");
    assertRefused(Cli.run("convert", in.toString(), devNull.toString()), "not a regular file");
    assertTrue(Files.exists(devNull) && !Files.isRegularFile(devNull));
  }

  @Test
  void aFailedConversionLeavesTheOldOutputAndNoTemporaryFile() throws IOException {
    Path bad = dir.resolve("bad.std");
    Files.writeString(bad, "T0|w(x)|1\nT0|oops\n");
    Path out = dir.resolve("out.rktrace");
    Files.writeString(out, "old");
    Cli r = Cli.run("convert", bad.toString(), out.toString());
    assertEquals(2, r.exit(), r.toString());
    assertEquals("old", Files.readString(out));
    assertEquals(List.of("bad.std", "out.rktrace"), files());
    // and a good one replaces it, leaving nothing else behind
    assertEquals(0, Cli.run("convert", "--quiet", input().toString(), out.toString()).exit());
    assertEquals(List.of("bad.std", "in.std", "out.rktrace"), files());
    assertEquals(66, Cli.run("replay", "--quiet", out.toString()).exit(), "bank-account races");
  }

  @Test
  void anOutputInAMissingDirectoryIsRefused() throws IOException {
    assertRefused(Cli.run("convert", input().toString(), dir.resolve("no/such/out.rktrace").toString()),
        "does not exist");
  }
}
