package dev.racekit.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.Frame;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import dev.racekit.tck.LoggingRaceDetector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingDetectorTest {
  @TempDir Path dir;

  /** Every kind of event, with addresses and pcs that exercise the deltas in both directions and the extremes. */
  private static void everyEvent(RecordingDetector d) {
    d.mapShadow(0x1000, 1 << 20);
    d.mapShadow(0x7fff_ffff_f000L, 4096);
    RaceThread main = d.mainThread();
    main.funcEnter(0x400000);
    RaceThread t = d.startThread(main, 0x400010);
    RaceThread u = d.startThread(t, 0x10);
    t.read(0x1000, 0x20);
    t.write(0x1001, 0x21);
    t.read(0x1008, 2, 0x22);
    t.write(0x100c, 4, 0x23);
    u.read(0x1010, 8, 0x24);
    u.atomicRead(0x1018, 8, -1L);
    u.atomicWrite(0x1018, 4, Long.MIN_VALUE);
    u.atomicRead(0x1019, 1, 0);
    u.atomicWrite(0x101a, 2, Long.MAX_VALUE);
    main.write(0x7fff_ffff_fff8L, 8, 0x30);
    main.read(0x1000, 8, 0x30);
    t.readRange(0x2000, 100_000, 0x40);
    t.writeRange(0xffff_ffff_ffff_0000L, 0x8000, 0x41);
    t.acquire(0xdead_beef);
    t.release(-8);
    t.releaseMerge(0);
    t.ignoreBegin();
    t.ignoreEnd();
    t.malloc(0x3000, 64);
    t.free(0x3000, 64, 0x50);
    main.funcExit();
    u.end();
    t.join(u);
    t.end();
    main.join(t);
    main.funcEnter(1);
  }

  @Test
  void replayCallsTheDetectorExactlyAsTheRecordingDid() throws IOException {
    Path file = dir.resolve("all.rktrace");
    LoggingRaceDetector live = new LoggingRaceDetector();
    try (RecordingDetector d = RecordingDetector.wrap(live, file)) {
      everyEvent(d);
      assertEquals(31, d.recordedEvents());
    }
    LoggingRaceDetector replayed = new LoggingRaceDetector();
    try (TraceReader r = TraceReader.open(file)) {
      TraceReader.Result result = r.replay(replayed, null, false);
      assertTrue(result.complete());
      assertEquals(31, result.events());
      assertEquals(3, result.threads());
      assertEquals("logging", r.metadata().get("backend"));
    }
    assertEquals(live.calls(), replayed.calls());
    assertTrue(live.calls().size() > 20);
  }

  @Test
  void aLongTraceWithEveryOperandLengthReplaysExactly() throws IOException {
    Path file = dir.resolve("big.rktrace");
    LoggingRaceDetector live = new LoggingRaceDetector();
    try (RecordingDetector d = RecordingDetector.wrap(live, file)) {
      everyEvent(d);
      RaceThread m = d.mainThread();
      Random rnd = new Random(1);
      for (int i = 0; i < 50_000; i++) { // many chunks, every operand length
        long addr = rnd.nextInt(4) == 0 ? rnd.nextLong() & ~7L : 0x1000 + 8L * rnd.nextInt(100);
        switch (rnd.nextInt(6)) {
          case 0 -> m.read(addr, 8, rnd.nextLong());
          case 1 -> m.write(addr | 4, 4, rnd.nextLong() >>> rnd.nextInt(64));
          case 2 -> m.acquire(rnd.nextLong());
          case 3 -> m.funcEnter(rnd.nextInt(100));
          case 4 -> m.readRange(addr, rnd.nextInt(64), 7);
          default -> m.atomicWrite(addr | 6, 2, -rnd.nextInt(1000));
        }
      }
    }
    LoggingRaceDetector replayed = new LoggingRaceDetector();
    List<Long> progress = new ArrayList<>();
    try (TraceReader r = TraceReader.open(file)) {
      TraceReader.Result res = r.replay(replayed, (done, total, events) -> progress.add(events), false);
      assertEquals(31 + 50_000, res.events());
      assertTrue(res.complete());
    }
    assertEquals(live.calls(), replayed.calls());
    assertEquals(31 + 50_000, (long) progress.get(progress.size() - 1));
  }

  @Test
  void rejectedCallsAreNotRecorded() throws IOException {
    Path file = dir.resolve("rejected.rktrace");
    LoggingRaceDetector live = new LoggingRaceDetector();
    try (RecordingDetector d = RecordingDetector.wrap(live, file)) {
      RaceThread main = d.mainThread();
      main.write(0x10, 8, 1);
      assertThrows(IllegalStateException.class, main::funcExit); // rejected by the detector
      assertThrows(IllegalArgumentException.class, () -> main.read(0x10, 3, 2)); // bad size, checked first
      assertThrows(IllegalArgumentException.class, () -> main.read(0x14, 8, 2)); // crosses a word
      RaceThread t = d.startThread(main, 5);
      assertThrows(IllegalStateException.class, () -> main.join(t)); // not ended
      main.write(0x18, 8, 0x1234_5678_9abcL); // the deltas after a rollback must still be right
      t.end();
      assertThrows(IllegalStateException.class, () -> t.read(0x10, 8, 1));
      main.join(t);
      assertEquals(5, d.recordedEvents());
    }
    LoggingRaceDetector replayed = new LoggingRaceDetector();
    try (TraceReader r = TraceReader.open(file)) {
      r.replay(replayed, null, false);
    }
    assertEquals(live.calls(), replayed.calls());
  }

  @Test
  void symbolsNamesAndMetadataTravelWithTheTrace() throws IOException {
    Path file = dir.resolve("sym.rktrace");
    try (RecordingDetector d = RecordingDetector.to(file)
        .symbolizer(pc -> pc == 0x30 ? List.of() : List.of(new Frame("f" + pc, "F.java", (int) pc, 2),
            new Frame("inlined", "G.java", 7, 0)))
        .metadata("tool", "unit test")
        .recordOnly(RaceOptions.defaults())) {
      d.nameAddress(0x1000, "counter");
      d.nameAddress(0x2000, "lock é");
      RaceThread m = d.mainThread();
      m.funcEnter(0x10);
      m.read(0x1000, 8, 0x20);
      m.read(0x1000, 8, 0x30);
      assertEquals("record-only", d.backendName());
    }
    try (TraceReader r = TraceReader.open(file)) {
      assertEquals("unit test", r.metadata().get("tool"));
      assertEquals("record-only", r.metadata().get("backend"));
      assertEquals(Map.of(0x1000L, "counter", 0x2000L, "lock é"), r.addressNames());
      assertEquals(List.of(new Frame("f32", "F.java", 32, 2), new Frame("inlined", "G.java", 7, 0)),
          r.symbolizer().symbolize(0x20));
      assertEquals(List.of(), r.symbolizer().symbolize(0x30)); // the symbolizer did not know it
      assertEquals(List.of(), r.symbolizer().symbolize(0x99)); // never recorded
      TraceReader.Result res = r.replay(new LoggingRaceDetector(), null, false);
      assertEquals(3, res.locations());
    }
  }

  @Test
  void anUnclosedRecordingReplaysUpToWhereItStops() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LoggingRaceDetector live = new LoggingRaceDetector();
    RecordingDetector d = RecordingDetector.to(bytes).wrap(live);
    RaceThread main = d.mainThread();
    for (int i = 0; i < 100_000; i++) {
      main.write(0x1000 + 8L * (i % 100), 8, i);
    }
    // not closed: only whole buffers reached the stream
    byte[] written = bytes.toByteArray();
    assertTrue(written.length > 0);
    Path file = dir.resolve("unclosed.rktrace");
    Files.write(file, written);
    LoggingRaceDetector replayed = new LoggingRaceDetector();
    TraceReader.Result res;
    try (TraceReader r = TraceReader.open(file)) {
      res = r.replay(replayed, null, false); // the buffer is written out whole records at a time
    }
    assertFalse(res.complete());
    assertTrue(res.events() > 1000 && res.events() < 100_000, "events " + res.events());
    assertEquals(live.calls().subList(0, (int) res.events()), replayed.calls());

    // a file cut inside a record (a crash during a write) is an error unless lenient
    Path cut = dir.resolve("cut-inside.rktrace");
    Files.write(cut, Arrays.copyOf(written, written.length - 1));
    try (TraceReader r = TraceReader.open(cut)) {
      TraceFormatException e = assertThrows(TraceFormatException.class,
          () -> r.replay(new LoggingRaceDetector(), null, false));
      assertTrue(e.getMessage().contains("cut off inside an event"), e.getMessage());
    }
    try (TraceReader r = TraceReader.open(cut)) {
      TraceReader.Result lenient = r.replay(new LoggingRaceDetector(), null, true);
      assertEquals(res.events() - 1, lenient.events());
      assertFalse(lenient.complete());
    }
  }

  @Test
  void theLastEventOfAHaltedRunIsOnDisk() throws IOException {
    // halt_on_error flushes before each report; with no report, a trace cut at a record boundary still replays
    Path file = dir.resolve("cut.rktrace");
    try (RecordingDetector d = RecordingDetector.wrap(new LoggingRaceDetector(), file)) {
      d.mainThread().write(0x10, 8, 1);
      d.mainThread().write(0x18, 8, 2);
    }
    byte[] all = Files.readAllBytes(file);
    // cut away END, trailer and footer: the events end on a record boundary
    int endMarker = indexOfEnd(all);
    Files.write(file, Arrays.copyOf(all, endMarker));
    try (TraceReader r = TraceReader.open(file)) {
      TraceReader.Result res = r.replay(new LoggingRaceDetector(), null, false);
      assertFalse(res.complete());
      assertEquals(2, res.events());
    }
  }

  private static int indexOfEnd(byte[] all) {
    // the last 16 bytes are the footer; its first 8 hold the trailer offset, which is just after the END byte
    long trailer = 0;
    for (int i = 7; i >= 0; i--) {
      trailer = (trailer << 8) | (all[all.length - 16 + i] & 0xff);
    }
    return (int) trailer - 1;
  }

  @Test
  void manyJavaThreadsAreRecordedInTheOrderTheDetectorSawThem() throws Exception {
    Path file = dir.resolve("mt.rktrace");
    LoggingRaceDetector live = new LoggingRaceDetector();
    int n = 4;
    try (RecordingDetector d = RecordingDetector.wrap(live, file)) {
      RaceThread main = d.mainThread();
      List<RaceThread> threads = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        threads.add(d.startThread(main, i));
      }
      CountDownLatch go = new CountDownLatch(1);
      List<java.lang.Thread> workers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        RaceThread t = threads.get(i);
        int seed = i;
        java.lang.Thread w = new java.lang.Thread(() -> {
          Random rnd = new Random(seed);
          try {
            go.await();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          for (int k = 0; k < 20_000; k++) {
            long addr = 0x1000 + 8L * rnd.nextInt(1000);
            switch (rnd.nextInt(4)) {
              case 0 -> t.read(addr, 8, rnd.nextInt(50));
              case 1 -> t.write(addr, 8, rnd.nextInt(50));
              case 2 -> t.acquire(rnd.nextInt(8));
              default -> t.release(rnd.nextInt(8));
            }
          }
          t.end();
        });
        workers.add(w);
        w.start();
      }
      go.countDown();
      for (java.lang.Thread w : workers) {
        w.join();
      }
      for (RaceThread t : threads) {
        main.join(t);
      }
    }
    LoggingRaceDetector replayed = new LoggingRaceDetector();
    try (TraceReader r = TraceReader.open(file)) {
      assertEquals(n * 20_001 + 2 * n, r.replay(replayed, null, false).events());
    }
    assertEquals(live.calls(), replayed.calls());
  }

  @Test
  void damagedAndForeignFilesAreRejectedWithAReason() throws IOException {
    Path text = dir.resolve("text.std");
    Files.writeString(text, "T0|w(x)|1\n");
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.open(text));
    assertTrue(e.getMessage().contains("not a RaceKit binary trace"), e.getMessage());
    assertFalse(TraceFormat.isBinaryTrace(text));

    Path empty = dir.resolve("empty");
    Files.write(empty, new byte[0]);
    assertThrows(TraceFormatException.class, () -> TraceReader.open(empty));

    Path good = dir.resolve("good.rktrace");
    try (RecordingDetector d = RecordingDetector.wrap(new LoggingRaceDetector(), good)) {
      d.mainThread().write(0x10, 8, 1);
    }
    assertTrue(TraceFormat.isBinaryTrace(good));
    byte[] bytes = Files.readAllBytes(good);
    byte[] future = bytes.clone();
    future[8] = 9; // version
    Path f = dir.resolve("future.rktrace");
    Files.write(f, future);
    e = assertThrows(TraceFormatException.class, () -> TraceReader.open(f));
    assertTrue(e.getMessage().contains("version 9"), e.getMessage());

    // an unknown op in the event stream
    int endMarker = indexOfEnd(bytes);
    byte[] bad = bytes.clone();
    bad[endMarker] = 0x7e;
    Path b = dir.resolve("badop.rktrace");
    Files.write(b, bad);
    try (TraceReader r = TraceReader.open(b)) {
      e = assertThrows(TraceFormatException.class, () -> r.replay(new LoggingRaceDetector(), null, false));
      assertTrue(e.getMessage().contains("unknown event op 0x7e") && e.getMessage().contains("at byte " + endMarker),
          e.getMessage());
    }
  }

  @Test
  void anEventTheReplayDetectorRejectsNamesItsPlace() throws IOException {
    Path file = dir.resolve("exit.rktrace");
    try (RecordingDetector d = RecordingDetector.wrap(new LoggingRaceDetector(), file)) {
      d.mainThread().funcEnter(1);
      d.mainThread().funcExit();
    }
    // replay into a detector whose main thread has ended: every event is rejected
    LoggingRaceDetector ended = new LoggingRaceDetector();
    ended.mainThread().end();
    try (TraceReader r = TraceReader.open(file)) {
      TraceFormatException e = assertThrows(TraceFormatException.class, () -> r.replay(ended, null, false));
      assertTrue(e.getMessage().contains("event 1 at byte") && e.getMessage().contains("funcEnter by thread 0"),
          e.getMessage());
    }
  }

  @Test
  void trailerSectionsOfLaterVersionsAreSkipped() throws IOException {
    Path file = dir.resolve("future-section.rktrace");
    try (RecordingDetector d = RecordingDetector.to(file).symbolizer(pc -> List.of(new Frame("f", "F", 1, 0)))
        .recordOnly(RaceOptions.defaults())) {
      d.nameAddress(8, "x");
      d.mainThread().write(8, 8, 3);
    }
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length - 17; // the SECTION_END byte, then the footer
    assertEquals(0, bytes[end]);
    byte[] longer = new byte[bytes.length + 5];
    System.arraycopy(bytes, 0, longer, 0, end);
    System.arraycopy(new byte[] {42, 3, 1, 2, 3}, 0, longer, end, 5);
    System.arraycopy(bytes, end, longer, end + 5, 17);
    Files.write(file, longer);
    try (TraceReader r = TraceReader.open(file)) {
      assertEquals(Map.of(8L, "x"), r.addressNames());
      assertEquals(List.of(new Frame("f", "F", 1, 0)), r.symbolizer().symbolize(3));
      TraceReader.Result res = r.replay(new LoggingRaceDetector(), null, false);
      assertEquals(1, res.events());
      assertEquals(1, res.locations());
      assertTrue(res.complete());
    }
  }

  @Test
  void recordOnlyChecksWhatBackendsCheck() throws IOException {
    try (RecordingDetector d = RecordingDetector.to(dir.resolve("ro.rktrace")).recordOnly(RaceOptions.defaults())) {
      RaceThread m = d.mainThread();
      assertThrows(IllegalStateException.class, m::funcExit);
      assertThrows(IllegalStateException.class, m::ignoreEnd);
      assertThrows(IllegalArgumentException.class, () -> d.mapShadow(3, 8));
      d.mapShadow(0, 64);
      assertThrows(IllegalArgumentException.class, () -> d.mapShadow(8, 64));
      RaceThread t = d.startThread(m, 1);
      assertThrows(IllegalStateException.class, () -> m.join(t));
      assertThrows(IllegalArgumentException.class, () -> m.join(m));
      t.end();
      assertThrows(IllegalStateException.class, t::end);
      m.join(t);
      assertEquals(4, d.recordedEvents());
    }
  }

  @Test
  void longHashSetSortsUnsigned() {
    LongHashSet s = new LongHashSet();
    Random r = new Random(3);
    java.util.TreeSet<Long> ref = new java.util.TreeSet<>(Long::compareUnsigned);
    for (int i = 0; i < 5000; i++) {
      long v = i % 7 == 0 ? -r.nextInt(100) : r.nextInt(3000);
      assertEquals(ref.add(v), s.add(v));
    }
    assertEquals(ref.size(), s.size());
    assertArrayEquals(ref.stream().mapToLong(Long::longValue).toArray(), s.toSortedArray());
  }
}
