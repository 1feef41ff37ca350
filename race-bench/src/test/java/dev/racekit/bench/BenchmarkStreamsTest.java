package dev.racekit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceDetector;
import dev.racekit.spi.RaceBackendProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs every benchmark's setup, a few invocations and its teardown outside JMH, on every backend that can run here
 * and on the baseline: each event stream must be race-free (teardown throws otherwise) and well-formed.
 */
class BenchmarkStreamsTest {
  private static final Blackhole BH =
      new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

  static List<String> backends() {
    List<String> names = new ArrayList<>(List.of(Detectors.NONE));
    for (RaceBackendProvider p : ServiceLoader.load(RaceBackendProvider.class)) {
      if (p.availability().available()) {
        names.add(p.name());
      }
    }
    return names;
  }

  @Test
  void javaBackendIsMeasured() {
    assertTrue(backends().contains("java"), "backend-pure-java must be on the class path");
  }

  /**
   * A trial of one benchmark outside JMH: its setup on {@code backend}, {@code invocations} runs of
   * {@code invocation}, {@code beforeTearDown}, and its teardown, which fails when the stream made a report.
   */
  static <B extends DetectorState> void trial(B bench, String backend, int invocations, Consumer<B> invocation,
      Consumer<B> beforeTearDown) {
    bench.backend = backend;
    bench.setup();
    for (int i = 0; i < invocations; i++) {
      invocation.accept(bench);
    }
    beforeTearDown.accept(bench);
    bench.tearDown();
  }

  static <B extends DetectorState> void trial(B bench, String backend, int invocations, Consumer<B> invocation) {
    trial(bench, backend, invocations, invocation, b -> {});
  }

  @ParameterizedTest
  @MethodSource("backends")
  void hotRead(String backend) {
    trial(new HotReadBench(), backend, 3, b -> b.hotRead(BH));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void firstAccess(String backend) {
    trial(new FirstAccessBench(), backend, 2, b -> {
      b.reset();
      b.firstAccess();
    });
  }

  @ParameterizedTest
  @MethodSource("backends")
  void writeAfterRead(String backend) {
    trial(new WriteAfterReadBench(), backend, 10, b -> b.writeAfterRead(BH));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void funcEnterExit(String backend) {
    trial(new FuncEnterExitBench(), backend, 3, b -> b.funcEnterExit(BH));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void acquireRelease(String backend) {
    trial(new AcquireReleaseBench(), backend, 3, b -> b.acquireRelease(BH));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void unmapped(String backend) {
    trial(new UnmappedBench(), backend, 3, b -> b.unmapped(BH), b -> {
      if (b.detector != null) {
        assertEquals(1 + 3L * UnmappedBench.N, b.detector.unmappedAccessCount());
      }
    });
  }

  /** Two benchmark threads, each with its own detector thread, feed the mixed stream at the same time. */
  @ParameterizedTest
  @MethodSource("backends")
  void mixedOnTwoThreads(String backend) throws Exception {
    MixedBench.Shared shared = new MixedBench.Shared();
    shared.backend = backend;
    shared.setup();
    Throwable[] failure = new Throwable[MixedBench.MAX_THREADS];
    Thread[] threads = new Thread[MixedBench.MAX_THREADS];
    for (int k = 0; k < threads.length; k++) {
      int index = k;
      threads[k] = new Thread(() -> {
        try {
          MixedBench.Worker w = new MixedBench.Worker();
          w.setup(shared);
          MixedBench bench = new MixedBench();
          for (int i = 0; i < 5; i++) {
            bench.mixed2(w, BH);
          }
        } catch (Throwable t) {
          failure[index] = t;
        }
      });
      threads[k].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    for (Throwable t : failure) {
      if (t != null) {
        throw new AssertionError(t);
      }
    }
    RaceDetector d = shared.detector;
    if (d != null) {
      assertEquals(0, d.unmappedAccessCount(), "the mixed stream stays inside the mapped range");
    }
    shared.tearDown();
  }

  @Test
  void mixedStreamHasTheAdvertisedMix() {
    MixedStream s = new MixedStream(Detectors.BASE, Detectors.BASE + 0x10000, 42);
    double n = MixedStream.EVENTS;
    int reads = s.count(MixedStream.READ);
    int writes = s.count(MixedStream.WRITE);
    int enters = s.count(MixedStream.ENTER);
    int exits = s.count(MixedStream.EXIT);
    assertEquals(enters, exits, "funcEnter/funcExit balanced");
    assertEquals(MixedStream.EVENTS / 100, s.count(MixedStream.ACQUIRE));
    assertEquals(MixedStream.EVENTS / 100, s.count(MixedStream.RELEASE));
    assertTrue(Math.abs(reads / n - 0.70) < 0.03, "reads " + reads / n);
    assertTrue(Math.abs(writes / n - 0.20) < 0.02, "writes " + writes / n);
    assertTrue(Math.abs((enters + exits) / n - 0.10) < 0.02, "enter/exit " + (enters + exits) / n);
    int depth = 0;
    for (byte op : s.ops) {
      depth += op == MixedStream.ENTER ? 1 : op == MixedStream.EXIT ? -1 : 0;
      assertTrue(depth >= 0 && depth <= MixedStream.MAX_DEPTH, "depth " + depth);
    }
    assertEquals(0, depth);
  }

  @ParameterizedTest
  @ValueSource(strings = {"java"})
  void reportTableReadsItsInputs(String backend) {
    StringBuilder md = new StringBuilder();
    var results = new java.util.HashMap<String, ReportTable.Cell>();
    results.put("hotRead/none", new ReportTable.Cell(0.5, 0.1, 5));
    results.put("hotRead/" + backend, new ReportTable.Cell(3.0, 0.2, 5));
    var anchor = new java.util.HashMap<String, String>();
    anchor.put("plain_load_ns", "0.7");
    anchor.put("tsan_load_ns", "4.7");
    anchor.put("plain_store_ns", "0.7");
    anchor.put("tsan_store_ns", "6.7");
    boolean complete = ReportTable.render(md, results, List.of("none", backend), false, anchor, java.util.Map.of(),
        null, null);
    String text = md.toString();
    assertTrue(!complete, "the other rows have no result: FAILED");
    assertTrue(text.contains("| hot read (same thread, same word) | 0.50 ± 0.10 | 3.00 ± 0.20 | n/a | n/a |"), text);
    assertTrue(text.contains("java/TSan = 0.75"), text);
    assertTrue(text.contains("TSan costs 4.00 ns per load"), text);
  }

  @Test
  void reportTableShowsTheTsanRuntimeColumnAndTargets() {
    StringBuilder md = new StringBuilder();
    var results = new java.util.HashMap<String, ReportTable.Cell>();
    results.put("mixed1/thunk", new ReportTable.Cell(8.0, 0.1, 5));
    results.put("acquireRelease/thunk", new ReportTable.Cell(15.0, 0.1, 5));
    results.put("firstAccess/thunk", new ReportTable.Cell(4.0, 0.1, 5));
    var anchor = new java.util.HashMap<String, String>();
    anchor.put("rt_first_ns", "6.0");
    anchor.put("rt_mixed1_ns", "16.0");
    anchor.put("rt_acqrel_ns", "10.0");
    anchor.put("rt_mixed1_nolock_ns", "9.0");
    anchor.put("core_mixed1_ns", "12.0");
    anchor.put("core_mixed1_nolock_ns", "7.5");
    ReportTable.render(md, results, List.of("thunk"), true, anchor, java.util.Map.of(), null, null);
    String text = md.toString();
    assertTrue(text.contains(
        "| mixed stream, 1 thread | n/a | n/a | n/a | 8.00 ± 0.10 | n/a | n/a | 12.0 | 16.0 | 0.50 | 0.75 |"), text);
    assertTrue(text.contains("- met: thunk at most 0.5x TSan's runtime on the mixed stream (1 thread)"), text);
    assertTrue(text.contains("- **MISSED**: thunk at most 0.75x TSan's runtime on acquire+release"), text);
    assertTrue(text.contains("| first access to a new word | n/a | n/a | n/a | 4.00 ± 0.10 | n/a | n/a |  | 6.00 | 0.67 |  |"),
        text); // no core figure for it: that column and its ratio stay empty
    assertTrue(text.contains("- met: thunk at most 0.75x TSan's runtime on the first access"), text);
    assertTrue(text.contains("without its lock events costs 9.0 ns/event"), text);
    assertTrue(text.contains("Core from C column") && text.contains("costs 7.5 ns/event there"), text);
  }

  /** The core anchor's driver must feed the native core the very stream the JMH benchmark feeds every backend. */
  @Test
  void coreDriverGeneratesTheSameMixedStream() throws Exception {
    java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("racekit.bench.root", ".."));
    java.nio.file.Path lib = root.resolve("race-native/build/librk_core.a");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(lib),
        "race-native/build/librk_core.a is not built (the reactor builds it with the native backends)");
    java.nio.file.Path exe = java.nio.file.Files.createTempDirectory("core").resolve("core-runtime");
    String src = System.getProperty("racekit.bench.csrc", "src/main/c") + "/core_runtime.c";
    Process cc = new ProcessBuilder("gcc", "-O2", "-std=c11", "-I" + root.resolve("race-native/include"), "-o",
        exe.toString(), src, lib.toString(), "-lpthread").redirectErrorStream(true).start();
    String ccOut = new String(cc.getInputStream().readAllBytes());
    org.junit.jupiter.api.Assumptions.assumeTrue(cc.waitFor() == 0, "gcc cannot build the core driver here: " + ccOut);
    for (long seed : new long[] {42, 43}) {
      Process run = new ProcessBuilder(exe.toString(), "--digest", Long.toString(seed)).start();
      String out = new String(run.getInputStream().readAllBytes()).trim();
      assertEquals(0, run.waitFor());
      assertEquals(Long.toUnsignedString(digest(seed)), out, "seed " + seed);
    }
    Process run = new ProcessBuilder(exe.toString(), "2", "1").start(); // two passes: every pattern, race-free
    String out = new String(run.getInputStream().readAllBytes());
    assertEquals(0, run.waitFor(), out);
    for (String key : List.of("mixed1_ns=", "mixed2_ns=", "mixed1_nolock_ns=", "acqrel_ns=", "warw_ns=", "first_ns=")) {
      assertTrue(out.contains(key), out);
    }
  }

  /** MixedStreamDigest: op, word index (accesses) and call-site pc (entries) of every event, folded. */
  private static long digest(long seed) {
    MixedStream s = new MixedStream(Detectors.BASE, Detectors.BASE + 8L * MixedStream.WORDS + 64, seed);
    long h = 0;
    for (int i = 0; i < MixedStream.EVENTS; i++) {
      long word = s.ops[i] <= MixedStream.WRITE ? (s.args[i] - Detectors.BASE) / 8 : 0;
      long pc = s.ops[i] == MixedStream.ENTER ? s.args[i] : 0;
      h = h * 31 + s.ops[i] * 7L + word + pc;
    }
    return h;
  }

  /** The C driver of the TSan-runtime anchor must feed TSan the very stream the JMH benchmark feeds RaceKit. */
  @Test
  void tsanRuntimeDriverGeneratesTheSameMixedStream() throws Exception {
    java.nio.file.Path exe = java.nio.file.Files.createTempDirectory("rt").resolve("tsan-runtime");
    String src = System.getProperty("racekit.bench.csrc", "src/main/c") + "/tsan_runtime.c";
    Process cc = new ProcessBuilder("gcc", "-O2", "-fsanitize=thread", "-o", exe.toString(), src, "-lpthread")
        .redirectErrorStream(true).start();
    String ccOut = new String(cc.getInputStream().readAllBytes());
    org.junit.jupiter.api.Assumptions.assumeTrue(cc.waitFor() == 0,
        "gcc -fsanitize=thread cannot build the TSan-runtime driver here (no gcc or no libtsan): " + ccOut);
    for (long seed : new long[] {42, 43}) {
      Process run = new ProcessBuilder(exe.toString(), "--digest", Long.toString(seed)).start();
      String out = new String(run.getInputStream().readAllBytes()).trim();
      assertEquals(0, run.waitFor());
      assertEquals(Long.toUnsignedString(digest(seed)), out, "seed " + seed);
    }
  }
}
