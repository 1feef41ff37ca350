package dev.racekit.core;

import dev.racekit.RaceListener;
import dev.racekit.RaceOptions;
import dev.racekit.RaceReport;
import dev.racekit.spi.ReportSink;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives raw reports from a backend: deduplicates them, counts them, prints them and tells the listeners.
 * Reports are rare, so one lock here costs nothing on the access path.
 */
final class ReportHub implements ReportSink {
  private static final Logger LOG = LoggerFactory.getLogger(ReportHub.class);

  private final RaceOptions options;
  private final ReportFormatter formatter;
  private final ReportLog log;
  private final List<RaceListener> listeners = new CopyOnWriteArrayList<>();
  private final Set<PcPair> seen = new HashSet<>();
  private final Suppressions suppressions;
  private long count;

  ReportHub(RaceOptions options, ReportFormatter formatter, ReportLog log) {
    this(options, formatter, log, Suppressions.NONE);
  }

  ReportHub(RaceOptions options, ReportFormatter formatter, ReportLog log, Suppressions suppressions) {
    this.options = options;
    this.formatter = formatter;
    this.log = log;
    this.suppressions = suppressions;
  }

  @Override
  public void report(RaceReport report) {
    synchronized (this) {
      if (options.suppressEqualStacks() && !seen.add(PcPair.of(report))) {
        return;
      }
      if (!suppressions.isEmpty() && suppressions.match(formatter.subjects(report)) != null) {
        return; // neither printed, counted, nor told to listeners: the rule's author has judged it
      }
      count++;
      log.write(formatter.format(report));
    }
    for (RaceListener l : listeners) {
      try {
        l.onRace(report);
      } catch (RuntimeException e) {
        LOG.warn("race listener {} failed", l, e);
      }
    }
    if (options.haltOnError()) {
      log.write(ReportFormatter.summary(count()));
      log.close();
      Runtime.getRuntime().halt(options.exitCode());
    }
  }

  synchronized long count() {
    return count;
  }

  void addListener(RaceListener l) {
    listeners.add(l);
  }

  void removeListener(RaceListener l) {
    listeners.remove(l);
  }

  void close() {
    long n = count();
    if (n > 0) {
      log.write(ReportFormatter.summary(n));
    }
    String suppressed = suppressedSummary();
    if (!suppressed.isEmpty()) {
      log.write(suppressed);
    }
    log.close();
  }

  /** How many reports the suppressions file silenced, by rule; empty when none. */
  synchronized String suppressedSummary() {
    return suppressions.summary();
  }

  /** The deduplication key: the two access pcs, in either order. */
  private record PcPair(long low, long high) {
    static PcPair of(RaceReport r) {
      long a = r.current().pc();
      long b = r.previous().pc();
      return new PcPair(Math.min(a, b), Math.max(a, b));
    }
  }
}
