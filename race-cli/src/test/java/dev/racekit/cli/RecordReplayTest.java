package dev.racekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.Frame;
import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import dev.racekit.Symbolizer;
import dev.racekit.core.RaceKit;
import dev.racekit.core.ReportFormatter;
import dev.racekit.trace.RecordingDetector;
import dev.racekit.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A live run recorded with {@link RecordingDetector} and replayed later, on the same or another backend, gives the
 * same reports; {@code racekit replay} of the recording prints the same text as the live run.
 */
class RecordReplayTest {
  @TempDir Path dir;

  static final long HEAP = 0x10_0000;
  static final long HEAP_SIZE = 1 << 16;

  /** The tool's symbolizer: pcs are method * 0x100 + bytecode index. */
  static final Symbolizer SYMBOLS = pc -> pc == 0x7777 ? List.of()
      : List.of(new Frame("com.example.Tool.m" + (pc >>> 8), "Tool.java", (int) (pc & 0xff), pc & 0xf));

  static Stream<Arguments> backendPairs() {
    List<Arguments> out = new ArrayList<>();
    for (String live : Cli.backends()) {
      for (String replay : Cli.backends()) {
        out.add(Arguments.of(live, replay));
      }
    }
    return out.stream();
  }

  private RaceDetector live(String backend, List<RaceReport> reports) {
    RaceDetector d = RaceKit.builder().backend(backend).symbolizer(SYMBOLS)
        .options(RaceOptions.parse("log_path=" + dir.resolve("live-log"))).open();
    d.addListener(reports::add);
    return d;
  }

  /** A tool's run on one Java thread: every kind of event, some misuse the detector rejects, many races. */
  static void program(RaceDetector d, long seed) {
    Random rnd = new Random(seed);
    d.mapShadow(HEAP, HEAP_SIZE);
    RaceThread main = d.mainThread();
    main.funcEnter(0x100);
    List<RaceThread> live = new ArrayList<>();
    List<RaceThread> ended = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      live.add(d.startThread(main, 0x110 + i));
    }
    int[] depth = new int[100_000];
    for (int step = 0; step < 30_000; step++) {
      RaceThread t = live.get(rnd.nextInt(live.size()));
      int tid = (int) t.id();
      long addr = HEAP + 8L * rnd.nextInt(512);
      long pc = 0x200 + rnd.nextInt(40) * 0x100L + rnd.nextInt(4);
      int r = rnd.nextInt(100);
      if (r < 25) {
        t.read(addr, 8, pc);
      } else if (r < 40) {
        t.write(addr, 8, pc);
      } else if (r < 44) {
        int size = 1 << rnd.nextInt(4);
        long a = addr + (rnd.nextInt(8 / size) * size);
        if (rnd.nextBoolean()) {
          t.read(a, size, pc);
        } else {
          t.write(a, size, pc);
        }
      } else if (r < 47) {
        t.atomicRead(addr, 8, pc);
      } else if (r < 50) {
        t.atomicWrite(addr, 4, pc);
      } else if (r < 52) {
        t.readRange(addr, 1 + rnd.nextInt(100), pc);
      } else if (r < 54) {
        t.writeRange(addr, 1 + rnd.nextInt(100), pc);
      } else if (r < 64) {
        long lock = 0x9000 + 8L * rnd.nextInt(6);
        t.acquire(lock);
        t.write(HEAP + 8L * (512 + rnd.nextInt(64)), 8, pc); // guarded: no race
        if (rnd.nextBoolean()) {
          t.release(lock);
        } else {
          t.releaseMerge(lock);
        }
      } else if (r < 70 && depth[tid] < 20) {
        t.funcEnter(0x300 + rnd.nextInt(10) * 0x100L);
        depth[tid]++;
      } else if (r < 76 && depth[tid] > 0) {
        t.funcExit();
        depth[tid]--;
      } else if (r < 77) {
        t.ignoreBegin();
        t.write(addr, 8, pc);
        t.ignoreEnd();
      } else if (r < 78) {
        long block = HEAP + 8L * (600 + rnd.nextInt(100));
        t.malloc(block, 64);
        t.write(block, 8, pc);
        t.free(block, 64, pc + 1);
      } else if (r < 79 && live.size() > 2) {
        live.remove(t);
        t.end();
        ended.add(t);
        live.get(0).join(t);
      } else if (r < 80 && live.size() < 8) {
        live.add(d.startThread(t, 0x7777));
      } else if (r < 81) {
        try {
          t.read(addr + 1, 8, pc); // crosses a word: rejected, and not recorded
        } catch (IllegalArgumentException expected) {
          // fine
        }
        if (depth[tid] == 0) {
          try {
            t.funcExit(); // empty stack: rejected
          } catch (IllegalStateException expected) {
            // fine
          }
        }
      } else {
        t.read(HEAP + 8L * rnd.nextInt(8), 8, pc); // a hot spot
      }
    }
    for (RaceThread t : live) {
      t.end();
      main.join(t);
    }
    main.write(HEAP, 8, 0x999);
  }

  @ParameterizedTest(name = "recorded on {0}, replayed on {1}")
  @MethodSource("backendPairs")
  void aRecordingReplaysToTheLiveReports(String liveBackend, String replayBackend) throws IOException {
    Path file = dir.resolve("run.rktrace");
    List<RaceReport> liveReports = new ArrayList<>();
    try (RaceDetector d = RecordingDetector.to(file).symbolizer(SYMBOLS).metadata("tool", "RecordReplayTest")
        .wrap(live(liveBackend, liveReports))) {
      program(d, 11);
    }
    assertTrue(liveReports.size() > 20, "a racy run: " + liveReports.size());
    assertTrue(liveReports.stream().anyMatch(r -> r.kind() == RaceReport.Kind.USE_AFTER_FREE)
        || liveReports.size() > 0);

    List<RaceReport> replayed = new ArrayList<>();
    try (TraceReader r = TraceReader.open(file);
        RaceDetector d = RaceKit.builder().backend(replayBackend).symbolizer(r.symbolizer())
            .options(RaceOptions.parse("log_path=" + dir.resolve("replay-log"))).open()) {
      d.addListener(replayed::add);
      TraceReader.Result res = r.replay(d, null, false);
      assertTrue(res.complete());
      assertEquals("RecordReplayTest", r.metadata().get("tool"));
      assertEquals(liveBackend, r.metadata().get("backend"));
    }
    assertEquals(liveReports, replayed);

    // the command line prints what the live run printed: same frames from the recording's symbol table
    ReportFormatter f = new ReportFormatter(SYMBOLS, "");
    StringBuilder expected = new StringBuilder();
    liveReports.forEach(r -> expected.append(f.format(r)));
    expected.append(ReportFormatter.summary(liveReports.size()));
    Cli cli = Cli.run("replay", "--quiet", "--backend", replayBackend, file.toString());
    assertEquals(expected.toString(), cli.out(), cli.err());
    assertEquals(66, cli.exit());
  }

  @org.junit.jupiter.api.Test
  void aReplayKeepsTheRecordedOptionsThatDecideTheReportsUnlessToldOtherwise() throws IOException {
    Path file = dir.resolve("opts.rktrace");
    List<RaceReport> liveReports = new ArrayList<>();
    RaceDetector liveDetector = RaceKit.builder().backend("java").symbolizer(SYMBOLS)
        .options(RaceOptions.parse("history_size=0 suppress_equal_stacks=0 log_path=" + dir.resolve("l"))).open();
    liveDetector.addListener(liveReports::add);
    try (RaceDetector d = RecordingDetector.to(file).symbolizer(SYMBOLS).wrap(liveDetector)) {
      program(d, 5);
    }
    ReportFormatter f = new ReportFormatter(SYMBOLS, "");
    StringBuilder expected = new StringBuilder();
    liveReports.forEach(r -> expected.append(f.format(r)));
    expected.append(ReportFormatter.summary(liveReports.size()));
    Cli same = Cli.run("replay", "--quiet", "--backend", "java", file.toString());
    assertEquals(expected.toString(), same.out(), same.err());

    Cli deduplicated = Cli.run("replay", "--json", "--backend", "java", "--options", "suppress_equal_stacks=1",
        file.toString());
    long races = (Long) ((java.util.Map<?, ?>) MiniJson.parse(deduplicated.out())).get("races");
    assertTrue(races < liveReports.size(), races + " < " + liveReports.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.racekit.cli.Cli#backends")
  void concurrentFeedersAreRecordedInTheOrderTheBackendSawThem(String backend) throws Exception {
    Path file = dir.resolve("mt.rktrace");
    List<RaceReport> liveReports = Collections.synchronizedList(new ArrayList<>());
    int workers = 4;
    try (RaceDetector d = RecordingDetector.to(file).symbolizer(SYMBOLS).wrap(live(backend, liveReports))) {
      d.mapShadow(HEAP, HEAP_SIZE);
      RaceThread main = d.mainThread();
      List<RaceThread> threads = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        threads.add(d.startThread(main, 0x10 + i));
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> javaThreads = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        RaceThread t = threads.get(i);
        int seed = i;
        Thread jt = new Thread(() -> {
          Random rnd = new Random(seed);
          try {
            go.await();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          for (int k = 0; k < 20_000; k++) {
            long addr = HEAP + 8L * rnd.nextInt(64);
            long pc = 0x200 + rnd.nextInt(30) * 0x100L;
            switch (rnd.nextInt(5)) {
              case 0 -> t.read(addr, 8, pc);
              case 1 -> t.write(addr, 8, pc);
              case 2 -> {
                t.acquire(0x9000);
                t.write(HEAP + 8L * (100 + rnd.nextInt(10)), 8, pc);
                t.release(0x9000);
              }
              case 3 -> t.funcEnter(pc);
              default -> {
                try {
                  t.funcExit();
                } catch (IllegalStateException emptyStack) {
                  // rejected, not recorded
                }
              }
            }
          }
          t.end();
        });
        javaThreads.add(jt);
        jt.start();
      }
      go.countDown();
      for (Thread jt : javaThreads) {
        jt.join();
      }
      for (RaceThread t : threads) {
        main.join(t);
      }
    }
    assertTrue(liveReports.size() > 10, "races: " + liveReports.size());
    for (String replayBackend : Cli.backends()) {
      List<RaceReport> replayed = new ArrayList<>();
      try (TraceReader r = TraceReader.open(file);
          RaceDetector d = RaceKit.builder().backend(replayBackend).symbolizer(r.symbolizer())
              .options(RaceOptions.parse("log_path=" + dir.resolve("replay-log"))).open()) {
        d.addListener(replayed::add);
        r.replay(d, null, false);
      }
      assertEquals(liveReports, replayed, "replayed on " + replayBackend);
    }
  }
}
