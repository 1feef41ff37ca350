package dev.racekit.tck.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.core.RaceKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backend against the Java reference on random event streams ({@link RandomEventStreams}): the same raw reports
 * in the same order and the same unmapped-access count, for every seed. A backend module extends this class in its
 * tests. {@code -Dracekit.diff.seeds=N} and {@code -Dracekit.diff.first=S} replay other seeds (to reproduce a
 * failure: {@code -Dracekit.diff.first=<seed> -Dracekit.diff.seeds=1}).
 */
public abstract class DifferentialSuite {
  /** The reference every backend is compared with. */
  public static final String REFERENCE = "java";

  private static final int SEEDS = Integer.getInteger("racekit.diff.seeds", 1000);
  private static final long FIRST = Long.getLong("racekit.diff.first", 1L);

  /** The backend under test. */
  protected abstract String backendName();

  @Test
  void reportsExactlyWhatTheReferenceReports() {
    String name = backendName();
    long t0 = System.nanoTime();
    long events = 0;
    long reports = 0;
    long unrestored = 0;
    long useAfterFree = 0;
    long unmapped = 0;
    List<DifferentialCheck.Outcome> bad = new ArrayList<>();
    for (long seed = FIRST; seed < FIRST + SEEDS; seed++) {
      DifferentialCheck.Outcome o = DifferentialCheck.compare(REFERENCE, name, seed);
      assertTrue(o.a().completed(), () -> "the generator made an invalid stream for seed " + o.stream().seed() + ": "
          + o.a().failure() + " at event #" + o.a().failedAt());
      events += o.stream().events().size();
      int[] s = DifferentialCheck.statistics(o.a());
      reports += s[0];
      unrestored += s[1];
      useAfterFree += s[3];
      unmapped += o.a().unmappedAccessCount();
      if (!o.same()) {
        bad.add(o);
      }
    }
    System.out.printf("differential %s vs %s: %d streams, %d events, %d reports (%d unrestored, %d use-after-free),"
        + " %d unmapped accesses, %d differing streams, %d ms%n", REFERENCE, name, SEEDS, events, reports, unrestored,
        useAfterFree, unmapped, bad.size(), (System.nanoTime() - t0) / 1_000_000);
    if (SEEDS >= 100) {
      // The generator must reach the paths this test exists for.
      assertTrue(unrestored > 0, "no stream produced a report with an unrestored stack");
      assertTrue(useAfterFree > 0, "no stream produced a use-after-free report");
      assertTrue(unmapped > 0, "no stream made an unmapped access");
    }
    if (!bad.isEmpty()) {
      DifferentialCheck.Outcome first = bad.get(0);
      StringBuilder msg = new StringBuilder();
      msg.append(bad.size()).append(" of ").append(SEEDS).append(" streams differ; seeds ");
      bad.stream().limit(20).forEach(o -> msg.append(o.stream().seed()).append(' '));
      msg.append("\nfirst: ").append(first.describe()).append('\n');
      EventStream small = DifferentialCheck.shrink(REFERENCE, name, first.stream(), 3000);
      DifferentialCheck.Outcome again = DifferentialCheck.compare(REFERENCE, name, small);
      msg.append("shrunk to ").append(small.events().size()).append(" events:\n").append(small.listing(200))
          .append(again.describe()).append('\n');
      fail(msg.toString());
    }
  }

  /** The same comparison through RaceKit.open and listeners (suppress_equal_stacks=0), as a tool would see it. */
  @Test
  void agreesThroughTheDetectorFacade() throws IOException {
    Path dir = Files.createTempDirectory("racekit-diff");
    try {
      for (long seed = 100_000; seed < 100_010; seed++) {
        EventStream s = RandomEventStreams.generate(seed);
        RaceOptions opts = RaceOptions.builder().historySize(s.historySize()).suppressEqualStacks(false)
            .logPath(dir.resolve("races").toString()).build();
        EventReplayer.Result reference;
        EventReplayer.Result tested;
        try (RaceDetector d = RaceKit.builder().backend(REFERENCE).options(opts).open()) {
          reference = EventReplayer.replay(d, s);
        }
        try (RaceDetector d = RaceKit.builder().backend(backendName()).options(opts).open()) {
          assertEquals(backendName(), d.backendName());
          tested = EventReplayer.replay(d, s);
        }
        assertTrue(reference.completed(), String.valueOf(reference.failure()));
        String diff = DifferentialCheck.difference(REFERENCE, backendName(), s, reference, tested);
        if (diff != null) {
          fail("seed " + seed + ": " + diff);
        }
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }
}
