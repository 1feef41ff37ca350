package dev.racekit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.corpus.RaceReport;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real search engine under the agent, on every backend.
 *
 * <p>{@code realprograms.LuceneSearch}: two threads indexing into one Lucene {@code IndexWriter} at once, then pooled
 * threads searching. Everything they share is ordered by Lucene's locks, its concurrent queues and the JDK's
 * {@code ClassValue}, so the program prints its right counts and nothing is reported. Before the agent modelled
 * {@code ClassValue} (what {@code computeValue} wrote is ordered before every {@code get} that returns it), most runs
 * reported the attribute-interface table that Lucene's {@code AttributeSource} caches in one, computed by one indexer
 * and read by the other.
 *
 * <p>{@code realprograms.LuceneNearRealTime}: two threads updating documents while a third refreshes a near-real-time
 * searcher and a fourth searches. Lucene has races there, real by the Java Memory Model and reported in every run
 * made while writing this test (the module README, "A real program: Lucene"): a counter of its global delete buffer
 * read without the lock its writers hold, {@code SegmentInfos.version} incremented under two different locks, a
 * delete packet's count read while another thread applies the packet. The program runs to its right result; every
 * report is made inside Lucene's code, its other access too (or its stack was no longer in the history), and its
 * location is a field of Lucene's; and at least one of the three known races is reported.
 */
class LuceneSearchIT {
  private static final String EXPECTED = "LuceneSearch docs=4000 hits=4000 range=20";
  private static final String NRT_EXPECTED = "LuceneNearRealTime docs=2000 searched=true";
  private static final Pattern LUCENE_DATA = Pattern.compile("(static field |field |array element \\[\\d+] of )"
      + "org\\.apache\\.lucene\\..*");
  private static final List<String> KNOWN = List.of("field org.apache.lucene.util.Counter$SerialCounter.count",
      "field org.apache.lucene.index.SegmentInfos.version",
      "field org.apache.lucene.index.FrozenBufferedUpdates.totalDelCount");

  @Test
  void luceneIndexesAndSearchesWithNoReport() {
    List<ProgramUnderAgent.Run> runs = ProgramUnderAgent.onEachBackend("realprograms.LuceneSearch", List.of(),
        org.apache.lucene.index.IndexWriter.class);
    Assumptions.assumeTrue(!runs.isEmpty(), "no backend can run on this JVM");
    for (ProgramUnderAgent.Run run : runs) {
      assertTrue(run.outcome().stdout().contains(EXPECTED), run.describe());
      assertEquals(List.of(), run.reports().stream().map(RaceReport::text).collect(Collectors.toList()),
          run.backend() + ": reports on a correctly synchronized Lucene program");
      System.out.println("LuceneSearchIT " + run.backend() + ": exit " + run.outcome().exitCode() + ", "
          + run.outcome().millis() + " ms");
    }
  }

  @Test
  void nearRealTimeSearchRunsRightAndEveryReportIsOneOfLucenesOwnRaces() {
    List<ProgramUnderAgent.Run> runs = ProgramUnderAgent.onEachBackend("realprograms.LuceneNearRealTime", List.of(),
        org.apache.lucene.index.IndexWriter.class);
    Assumptions.assumeTrue(!runs.isEmpty(), "no backend can run on this JVM");
    int known = 0;
    for (ProgramUnderAgent.Run run : runs) {
      assertTrue(run.outcome().stdout().contains(NRT_EXPECTED), run.describe());
      int inKnown = 0;
      for (RaceReport r : run.reports()) {
        ProgramUnderAgent.assertLibrarysOwnRace(run, r, "Lucene", "org.apache.lucene.", LUCENE_DATA);
        if (KNOWN.contains(r.location())) {
          inKnown++;
        }
      }
      System.out.println("LuceneSearchIT near-real-time " + run.backend() + ": " + run.reports().size()
          + " report(s), " + inKnown + " of Lucene's known races, exit " + run.outcome().exitCode() + ", "
          + run.outcome().millis() + " ms");
      known += inKnown;
    }
    assertTrue(known > 0, "none of Lucene's known races was reported on any backend");
  }
}
