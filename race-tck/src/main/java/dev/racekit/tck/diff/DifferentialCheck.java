package dev.racekit.tck.diff;

import dev.racekit.RaceReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Replays the same random event stream through two backends and compares what they report: the same reports in the
 * same order ({@link RaceReport#equals}), the same {@code unmappedAccessCount()}, and the same exception (if any) at
 * the same event. A backend is compared with the reference, usually {@code java}.
 *
 * <pre>{@code
 * DifferentialCheck.Outcome o = DifferentialCheck.compare("java", "jni", 42);
 * assertTrue(o.same(), o::describe);
 * }</pre>
 *
 * <p>When the backends differ, {@link #shrink} removes events while they still differ, so that the failure message
 * can show a short event sequence that reproduces it.
 */
public final class DifferentialCheck {

  /**
   * The result of comparing two backends on one stream.
   *
   * @param backendA the reference backend's name
   * @param backendB the other backend's name
   * @param stream the stream replayed
   * @param a what backend A produced
   * @param b what backend B produced
   * @param difference null when they agree; otherwise the first difference, in words
   */
  public record Outcome(String backendA, String backendB, EventStream stream, EventReplayer.Result a,
      EventReplayer.Result b, String difference) {

    /** Whether the two backends agreed on everything. */
    public boolean same() {
      return difference == null;
    }

    /** A failure message: the seed, the first difference and the event that led to it. */
    public String describe() {
      if (same()) {
        return "seed " + stream.seed() + ": " + backendA + " and " + backendB + " agree (" + a.reports().size()
            + " reports)";
      }
      return "seed " + stream.seed() + " (" + stream + "): " + backendA + " and " + backendB + " differ: "
          + difference;
    }
  }

  private DifferentialCheck() {}

  /** Generates the stream for {@code seed} ({@link RandomEventStreams#generate}) and compares the two backends on it. */
  public static Outcome compare(String backendA, String backendB, long seed) {
    return compare(backendA, backendB, RandomEventStreams.generate(seed));
  }

  /** Compares the two backends on {@code stream}. */
  public static Outcome compare(String backendA, String backendB, EventStream stream) {
    EventReplayer.Result a = EventReplayer.replay(backendA, stream);
    EventReplayer.Result b = EventReplayer.replay(backendB, stream);
    return new Outcome(backendA, backendB, stream, a, b, difference(backendA, backendB, stream, a, b));
  }

  /** The first difference between two replays of {@code stream}, in words, or null when there is none. */
  public static String difference(String nameA, String nameB, EventStream stream, EventReplayer.Result a,
      EventReplayer.Result b) {
    List<RaceReport> ra = a.reports();
    List<RaceReport> rb = b.reports();
    int n = Math.min(ra.size(), rb.size());
    for (int i = 0; i < n; i++) {
      if (!ra.get(i).equals(rb.get(i)) || !a.reportEvents().get(i).equals(b.reportEvents().get(i))) {
        return "report #" + i + " differs\n" + reportAt(nameA, stream, a, i) + reportAt(nameB, stream, b, i);
      }
    }
    if (ra.size() != rb.size()) {
      String extra = ra.size() > rb.size() ? reportAt(nameA, stream, a, n) : reportAt(nameB, stream, b, n);
      return nameA + " made " + ra.size() + " reports, " + nameB + " " + rb.size() + "; the first extra one:\n"
          + extra;
    }
    if (!sameFailure(a, b)) {
      return "exceptions differ\n  " + nameA + ": " + failure(stream, a) + "\n  " + nameB + ": " + failure(stream, b);
    }
    if (a.unmappedAccessCount() != b.unmappedAccessCount()) {
      return "unmappedAccessCount " + nameA + " = " + a.unmappedAccessCount() + ", " + nameB + " = "
          + b.unmappedAccessCount();
    }
    return null;
  }

  private static boolean sameFailure(EventReplayer.Result a, EventReplayer.Result b) {
    if (a.failure() == null || b.failure() == null) {
      return a.failure() == b.failure();
    }
    return a.failedAt() == b.failedAt() && a.failure().getClass() == b.failure().getClass()
        && Objects.equals(a.failure().getMessage(), b.failure().getMessage());
  }

  private static String failure(EventStream stream, EventReplayer.Result r) {
    if (r.failure() == null) {
      return "none";
    }
    return r.failure() + " at event #" + r.failedAt() + " " + stream.events().get(r.failedAt());
  }

  private static String reportAt(String name, EventStream stream, EventReplayer.Result r, int i) {
    int ev = r.reportEvents().get(i);
    return "  " + name + ": found by event #" + ev + " " + (ev >= 0 ? stream.events().get(ev) : "(close)") + "\n"
        + describe(r.reports().get(i), "    ");
  }

  /** Every field of a report, one line each, for failure messages. */
  public static String describe(RaceReport r, String indent) {
    return indent + r.kind() + "\n"
        + indent + "current:  " + r.current() + "\n"
        + indent + "previous: " + r.previous() + "\n"
        + indent + "current thread:  " + r.currentThread() + "\n"
        + indent + "previous thread: " + r.previousThread() + "\n";
  }

  /**
   * Removes events from {@code stream} while the two backends still differ on it and the reference backend still runs
   * it without an exception (delta debugging: drop chunks, then single events). Gives up after {@code maxReplays}
   * comparisons and returns the shortest stream found so far.
   */
  public static EventStream shrink(String backendA, String backendB, EventStream stream, int maxReplays) {
    List<Event> cur = new ArrayList<>(stream.events());
    Outcome first = compare(backendA, backendB, stream);
    if (first.same()) {
      return stream;
    }
    // Nothing after the first difference matters.
    int cut = lastRelevantEvent(first);
    if (cut >= 0 && cut + 1 < cur.size()) {
      List<Event> prefix = new ArrayList<>(cur.subList(0, cut + 1));
      if (differs(backendA, backendB, stream.withEvents(prefix))) {
        cur = prefix;
      }
    }
    int replays = 1;
    int chunk = Math.max(1, cur.size() / 2);
    while (chunk >= 1 && replays < maxReplays) {
      boolean removed = false;
      for (int start = 0; start < cur.size() && replays < maxReplays; ) {
        int end = Math.min(cur.size(), start + chunk);
        List<Event> candidate = new ArrayList<>(cur.subList(0, start));
        candidate.addAll(cur.subList(end, cur.size()));
        replays++;
        if (differs(backendA, backendB, stream.withEvents(candidate))) {
          cur = candidate;
          removed = true;
        } else {
          start = end;
        }
      }
      if (!removed) {
        chunk /= 2;
      }
    }
    return new EventStream(-1, stream.historySize(), cur);
  }

  private static int lastRelevantEvent(Outcome o) {
    int last = -1;
    int n = Math.min(o.a().reports().size(), o.b().reports().size());
    for (int i = 0; i < Math.max(o.a().reports().size(), o.b().reports().size()); i++) {
      Integer ea = i < o.a().reportEvents().size() ? o.a().reportEvents().get(i) : null;
      Integer eb = i < o.b().reportEvents().size() ? o.b().reportEvents().get(i) : null;
      boolean differ = i >= n || !o.a().reports().get(i).equals(o.b().reports().get(i)) || !Objects.equals(ea, eb);
      if (differ) {
        last = Math.max(ea == null ? -1 : ea, eb == null ? -1 : eb);
        break;
      }
    }
    if (last < 0 && (o.a().failedAt() >= 0 || o.b().failedAt() >= 0)) {
      last = Math.max(o.a().failedAt(), o.b().failedAt());
    }
    return last < 0 ? -1 : last;
  }

  private static boolean differs(String backendA, String backendB, EventStream s) {
    EventReplayer.Result a = EventReplayer.replay(backendA, s);
    if (!a.completed()) {
      return false; // the shrink broke the stream (a call on a thread it no longer starts): not a valid candidate
    }
    EventReplayer.Result b = EventReplayer.replay(backendB, s);
    return difference(backendA, backendB, s, a, b) != null;
  }

  /** Compares {@code count} seeds from {@code firstSeed} on; returns the outcomes that differ (empty when all agree). */
  public static List<Outcome> compareMany(String backendA, String backendB, long firstSeed, int count) {
    List<Outcome> bad = new ArrayList<>();
    for (long s = firstSeed; s < firstSeed + count; s++) {
      Outcome o = compare(backendA, backendB, s);
      if (!o.same()) {
        bad.add(o);
      }
    }
    return bad;
  }

  /** Short statistics about a replay, for logs: reports, unrestored previous stacks, unknown previous threads. */
  public static int[] statistics(EventReplayer.Result r) {
    int unrestored = 0;
    int unknown = 0;
    int uaf = 0;
    for (RaceReport rep : r.reports()) {
      if (!rep.previous().stackRestored()) {
        unrestored++;
      }
      if (rep.previous().threadId() < 0) {
        unknown++;
      }
      if (rep.kind() == RaceReport.Kind.USE_AFTER_FREE) {
        uaf++;
      }
    }
    return new int[] {r.reports().size(), unrestored, unknown, uaf};
  }
}
