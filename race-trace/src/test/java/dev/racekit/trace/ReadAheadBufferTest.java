package dev.racekit.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-ahead both trace decoders share: what it keeps, where it reads from, when it grows and when it ends. */
class ReadAheadBufferTest {
  @TempDir Path dir;
  private FileChannel channel;

  @AfterEach
  void closeChannel() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }

  /** A channel over {@link #file(int)}, closed after the test. */
  private FileChannel channel(int n) throws IOException {
    channel = FileChannel.open(file(n), StandardOpenOption.READ);
    return channel;
  }

  private Path file(int n) throws IOException {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    Path f = dir.resolve("data");
    Files.write(f, b);
    return f;
  }

  /** Consumes the file {@code step} bytes at a time, refilling whenever fewer than {@code step} are left. */
  private static byte[] readAll(ReadAheadBuffer in, int step) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int p = in.refill(0);
    while (true) {
      if (in.limit() - p < step && !in.eof()) {
        p = in.refill(p);
        continue;
      }
      int n = Math.min(step, in.limit() - p);
      if (n == 0) {
        return out.toByteArray();
      }
      out.write(in.bytes(), p, n);
      p += n;
    }
  }

  @Test
  void readsTheWholeFileFromTheStartOffsetAcrossRefills() throws IOException {
    FileChannel ch = channel(100_000);
    byte[] all = Files.readAllBytes(dir.resolve("data"));
    assertArrayEquals(all, readAll(new ReadAheadBuffer(ch, 0, 1000, 0), 7));
    assertArrayEquals(Arrays.copyOfRange(all, 12_345, all.length),
        readAll(new ReadAheadBuffer(ch, 12_345, 4096, 16), 36));
    assertEquals(0, ch.position(), "positional reads leave the channel's position alone");
  }

  @Test
  void keepsTheUnreadBytesAndTracksTheirFileOffset() throws IOException {
    ReadAheadBuffer in = new ReadAheadBuffer(channel(50_000), 0, 8192, 0);
    byte[] all = Files.readAllBytes(dir.resolve("data"));
    assertEquals(0, in.refill(0));
    int first = in.limit();
    assertTrue(first > 0 && first <= 8192, "first read " + first);
    assertEquals(0, in.refill(first - 10), "the kept bytes move to the front");
    assertEquals(first - 10, in.offset());
    assertArrayEquals(Arrays.copyOfRange(all, first - 10, (int) in.offset() + in.limit()),
        Arrays.copyOf(in.bytes(), in.limit()));
    assertTrue(in.limit() > 10, "and more were read after them");
  }

  @Test
  void growsWhenTheUnreadBytesFillIt() throws IOException {
    ReadAheadBuffer in = new ReadAheadBuffer(channel(10_000), 0, 64, 1);
    in.refill(0);
    assertEquals(64, in.limit());
    assertEquals(65, in.bytes().length, "capacity plus slack");
    in.refill(0); // nothing consumed: a line longer than the buffer
    assertEquals(129, in.bytes().length);
    assertEquals(128, in.limit());
    assertEquals(0, in.offset());
    assertArrayEquals(Arrays.copyOf(Files.readAllBytes(dir.resolve("data")), 128), Arrays.copyOf(in.bytes(), 128));
  }

  @Test
  void endsAtTheEndOfTheFileAndNeverFillsTheSlack() throws IOException {
    FileChannel ch = channel(100);
    ReadAheadBuffer in = new ReadAheadBuffer(ch, 0, 4096, 8);
    in.refill(0);
    assertTrue(in.eof());
    assertEquals(100, in.limit());
    ReadAheadBuffer full = new ReadAheadBuffer(ch, 0, 100, 8);
    full.refill(0);
    assertFalse(full.eof(), "exactly full: the end is not seen yet");
    assertEquals(100, full.limit());
    assertArrayEquals(new byte[8], Arrays.copyOfRange(full.bytes(), 100, 108));
    full.refill(100);
    assertTrue(full.eof());
    assertEquals(0, full.limit());
    assertEquals(100, full.offset());
  }

  @Test
  void rejectsAPositionOutsideItsData() throws IOException {
    FileChannel ch = channel(10);
    ReadAheadBuffer in = new ReadAheadBuffer(ch, 0, 16, 0);
    in.refill(0);
    assertThrows(IndexOutOfBoundsException.class, () -> in.refill(11));
    assertThrows(IndexOutOfBoundsException.class, () -> in.refill(-1));
    assertThrows(IllegalArgumentException.class, () -> new ReadAheadBuffer(ch, 0, 0, 0));
  }
}
