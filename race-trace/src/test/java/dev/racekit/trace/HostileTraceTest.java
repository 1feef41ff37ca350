package dev.racekit.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import dev.racekit.tck.LoggingRaceDetector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small files that claim a lot: a replay with {@link ReplayLimits} refuses them before the detector allocates; damaged
 * headers are clean format errors; a trace whose trailer was cut says so.
 */
class HostileTraceTest {
  @TempDir Path dir;

  /** A hand-built trace: the header (no metadata), then {@code events} as given. */
  private Path trace(String name, byte[]... events) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(TraceFormat.MAGIC);
    b.write(TraceFormat.VERSION);
    b.write(0); // flags
    b.write(0); // no metadata
    for (byte[] e : events) {
      b.writeBytes(e);
    }
    Path f = dir.resolve(name);
    Files.write(f, b.toByteArray());
    return f;
  }

  private static byte[] uvar(long v) {
    return VarintTest.encode(v);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  private static final byte[] END = {TraceFormat.END};

  @Test
  void aTinyTraceCannotMapAGibibyte() throws IOException {
    Path f = trace("map.rktrace", concat(new byte[] {TraceFormat.MAP_SHADOW}, uvar(0x1000_0000L), uvar(1L << 30)),
        END);
    assertEquals(23, Files.size(f));
    LoggingRaceDetector d = new LoggingRaceDetector();
    try (TraceReader r = TraceReader.open(f)) {
      TraceFormatException e = assertThrows(TraceFormatException.class,
          () -> r.replay(d, null, true, ReplayLimits.forTrace(Files.size(f), 1)));
      assertTrue(e.getMessage().contains("mapShadow ranges of more than " + ((16L << 20) + 64 * 23) + " bytes"), e.getMessage());
      assertTrue(e.getMessage().contains("docs/trace-format.md"), e.getMessage());
    }
    assertEquals(List.of(), d.calls(), "refused before the detector was asked");
    // without limits (a trusted trace) the same file replays
    try (TraceReader r = TraceReader.open(f)) {
      assertTrue(r.replay(new LoggingRaceDetector(), null, false).complete());
    }
  }

  @Test
  void mappedBytesAddUpAcrossRanges() throws IOException {
    byte[] half = concat(new byte[] {TraceFormat.MAP_SHADOW}, uvar(0), uvar(10L << 20));
    Path f = trace("two.rktrace", half, half, END);
    try (TraceReader r = TraceReader.open(f)) {
      assertThrows(TraceFormatException.class, () -> r.replay(new LoggingRaceDetector(), null, false,
          ReplayLimits.forTrace(Files.size(f), 1)));
    }
    // a huge unsigned size (negative as a signed long) is a claim too, not a way around the limit
    Path g = trace("neg.rktrace", concat(new byte[] {TraceFormat.MAP_SHADOW}, uvar(0), uvar(-8L)), END);
    try (TraceReader r = TraceReader.open(g)) {
      assertThrows(TraceFormatException.class, () -> r.replay(new LoggingRaceDetector(), null, false,
          ReplayLimits.forTrace(Files.size(g), 1)));
    }
  }

  @Test
  void aSmallTraceCannotStartThousandsOfLiveThreads() throws IOException {
    byte[][] events = new byte[16_385][];
    Arrays.fill(events, new byte[] {TraceFormat.START_THREAD, 0});
    events[16_384] = END;
    Path f = trace("threads.rktrace", events);
    ReplayLimits limits = ReplayLimits.forTrace(Files.size(f), 1);
    assertEquals(256 + (int) (Files.size(f) / 128), limits.maxLiveThreads());
    LoggingRaceDetector d = new LoggingRaceDetector();
    try (TraceReader r = TraceReader.open(f)) {
      TraceFormatException e = assertThrows(TraceFormatException.class, () -> r.replay(d, null, true, limits));
      assertTrue(e.getMessage().contains("more than " + limits.maxLiveThreads() + " threads alive at once"),
          e.getMessage());
    }
    assertEquals(limits.maxLiveThreads() - 1, d.calls().size(),
        "every start within the limit was replayed: " + d.calls());
  }

  @Test
  void endedThreadsDoNotCountAgainstTheLimit() throws IOException {
    Path f = dir.resolve("churn.rktrace");
    try (RecordingDetector rec = RecordingDetector.to(f).recordOnly(RaceOptions.defaults())) {
      RaceThread main = rec.mainThread();
      for (int i = 0; i < 2000; i++) {
        RaceThread t = rec.startThread(main, 1);
        t.end();
        main.join(t);
      }
    }
    try (TraceReader r = TraceReader.open(f)) {
      TraceReader.Result res = r.replay(new LoggingRaceDetector(), null, false, new ReplayLimits(1 << 20, 2));
      assertEquals(2001, res.threads());
    }
  }

  @Test
  void theLimitsGrowWithTheTraceAndShrinkWithTheHistorySize() {
    assertEquals(16L << 20, ReplayLimits.forTrace(0, 1).maxMappedBytes());
    assertEquals((16L << 20) + 64L * 1_000_000, ReplayLimits.forTrace(1_000_000, 1).maxMappedBytes());
    assertEquals(Long.MAX_VALUE, ReplayLimits.forTrace(Long.MAX_VALUE / 2, 1).maxMappedBytes());
    assertEquals(256, ReplayLimits.forTrace(0, 1).maxLiveThreads());
    assertEquals(256, ReplayLimits.forTrace(0, 0).maxLiveThreads());
    assertEquals(128, ReplayLimits.forTrace(0, 2).maxLiveThreads());
    assertEquals(16, ReplayLimits.forTrace(0, 7).maxLiveThreads());
    assertEquals(256 + 8192, ReplayLimits.forTrace(8192L * 128, 1).maxLiveThreads());
  }

  @Test
  void aNegativeLengthInTheHeaderIsAFormatError() throws IOException {
    // one metadata pair whose key length is 2^63 + 2^31 + 5: negative as a long, and as an int
    Path f = dir.resolve("neg.rktrace");
    Files.write(f, concat(TraceFormat.MAGIC, new byte[] {TraceFormat.VERSION, 0}, uvar(1),
        uvar(Long.MIN_VALUE | 0x8000_0005L), "abcde".getBytes()));
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.open(f));
    assertTrue(e.getMessage().contains("a string runs past the end"), e.getMessage());
  }

  @Test
  void aBadNumberInTheHeaderIsAFormatErrorThatSaysWhy() throws IOException {
    byte[] start = concat(TraceFormat.MAGIC, new byte[] {TraceFormat.VERSION, 0});
    byte[] eleven = new byte[11];
    Arrays.fill(eleven, 0, 10, (byte) 0x80);
    Path tooLong = dir.resolve("long.rktrace");
    Files.write(tooLong, concat(start, eleven, new byte[8]));
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.open(tooLong));
    assertTrue(e.getMessage().contains("damaged trace at byte 10: a number longer than 10 bytes"), e.getMessage());
    Path cut = dir.resolve("cut.rktrace");
    Files.write(cut, concat(start, new byte[] {(byte) 0x81, (byte) 0x80}));
    e = assertThrows(TraceFormatException.class, () -> TraceReader.open(cut));
    assertTrue(e.getMessage().contains("it ends at byte 12 inside the header"), e.getMessage());
  }

  @Test
  void aBadNumberInAnEventNamesItsOffset() throws IOException {
    byte[] over = new byte[10];
    Arrays.fill(over, 0, 9, (byte) 0xff);
    over[9] = 0x7f; // bits above the 64th
    Path f = trace("over.rktrace", concat(new byte[] {TraceFormat.FUNC_ENTER}, over), END);
    try (TraceReader r = TraceReader.open(f)) {
      TraceFormatException e = assertThrows(TraceFormatException.class,
          () -> r.replay(new LoggingRaceDetector(), null, true));
      assertTrue(e.getMessage().contains("damaged trace at byte 12: a number larger than 64 bits"), e.getMessage());
    }
  }

  @Test
  void aTraceCutAfterItsEventsHasNoTrailer() throws IOException {
    Path f = dir.resolve("whole.rktrace");
    try (RecordingDetector rec = RecordingDetector.to(f).symbolizer(pc -> List.of())
        .recordOnly(RaceOptions.defaults())) {
      rec.nameAddress(0x1000, "x");
      rec.mainThread().write(0x1000, 8, 7);
    }
    try (TraceReader r = TraceReader.open(f)) {
      assertTrue(r.hasTrailer());
    }
    byte[] bytes = Files.readAllBytes(f);
    int cuts = 0;
    for (int cut = bytes.length - 1; cut > bytes.length - 16; cut--) {
      Path c = dir.resolve("cut" + cut + ".rktrace");
      Files.write(c, Arrays.copyOf(bytes, cut));
      try (TraceReader r = TraceReader.open(c)) {
        assertFalse(r.hasTrailer(), "cut at " + cut);
        assertTrue(r.addressNames().isEmpty());
        assertTrue(r.replay(new LoggingRaceDetector(), null, false).complete());
        cuts++;
      }
    }
    assertEquals(15, cuts);
  }

  @Test
  void aDamagedMagicIsToldApartFromText() throws IOException {
    Path good = trace("good.rktrace", END);
    byte[] bytes = Files.readAllBytes(good);
    bytes[1] = 'X';
    Path damaged = dir.resolve("damaged.rktrace");
    Files.write(damaged, bytes);
    assertFalse(TraceFormat.isBinaryTrace(damaged));
    assertTrue(TraceFormat.looksLikeDamagedBinaryTrace(damaged));
    Path text = dir.resolve("t.std");
    Files.writeString(text, "T0|w(x)|1\n");
    assertFalse(TraceFormat.looksLikeDamagedBinaryTrace(text));
    assertFalse(TraceFormat.looksLikeDamagedBinaryTrace(good));
  }
}
