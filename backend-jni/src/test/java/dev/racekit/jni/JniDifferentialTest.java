package dev.racekit.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceReport;
import dev.racekit.tck.diff.DifferentialCheck;
import dev.racekit.tck.diff.DifferentialSuite;
import dev.racekit.tck.diff.EventReplayer;
import dev.racekit.tck.diff.EventStream;
import dev.racekit.tck.diff.RandomEventStreams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JNI backend against the Java reference on 1,000 random event streams ({@link DifferentialSuite}): the same raw
 * reports in the same order and the same unmapped-access count for every seed. {@code -Dracekit.diff.seeds=N} and
 * {@code -Dracekit.diff.first=S} replay other seeds.
 */
class JniDifferentialTest extends DifferentialSuite {
  @Override
  protected String backendName() {
    return "jni";
  }

  /** The comparison itself notices a missing report, a different unmapped count and an exception. */
  @Test
  void theCheckSeesDifferences() {
    EventStream s = RandomEventStreams.generate(7);
    EventReplayer.Result java = EventReplayer.replay("java", s);
    for (long seed = 8; java.reports().size() < 2; seed++) {
      s = RandomEventStreams.generate(seed);
      java = EventReplayer.replay("java", s);
    }
    EventReplayer.Result jni = EventReplayer.replay("jni", s);
    assertNull(DifferentialCheck.difference("java", "jni", s, java, jni));

    List<RaceReport> fewer = new ArrayList<>(java.reports());
    fewer.remove(1);
    List<Integer> fewerEvents = new ArrayList<>(java.reportEvents());
    fewerEvents.remove(1);
    String missing = DifferentialCheck.difference("java", "x", s, java,
        new EventReplayer.Result(fewer, fewerEvents, java.unmappedAccessCount(), null, -1));
    assertTrue(missing != null && missing.startsWith("report #1 differs"), missing);
    assertTrue(missing.contains("found by event #" + java.reportEvents().get(1)), missing);

    String unmapped = DifferentialCheck.difference("java", "x", s, java, new EventReplayer.Result(java.reports(),
        java.reportEvents(), java.unmappedAccessCount() + 1, null, -1));
    assertTrue(unmapped != null && unmapped.startsWith("unmappedAccessCount java = "), unmapped);

    String thrown = DifferentialCheck.difference("java", "x", s, java, new EventReplayer.Result(java.reports(),
        java.reportEvents(), java.unmappedAccessCount(), new IllegalStateException("boom"), 3));
    assertTrue(thrown != null && thrown.contains("boom"), thrown);

    assertEquals(s, DifferentialCheck.shrink("java", "jni", s, 10), "nothing to shrink when they agree");
  }
}
