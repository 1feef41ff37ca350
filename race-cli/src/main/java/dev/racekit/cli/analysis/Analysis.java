package dev.racekit.cli.analysis;

import java.util.Arrays;

/**
 * An offline race analysis over a stream of events on dense ids: threads {@code 0..}, variables {@code 0..} and
 * locks {@code 0..}, each numbered in order of first appearance. It keeps state per thread, variable and lock (never
 * per event), decides for every access whether it is racy, and counts the racy events and the variables they touch.
 *
 * <p>Thread 0 is the main thread and exists from the start; every other thread is {@linkplain #fork forked} before
 * its first event.
 */
public abstract class Analysis {
  /** Access kinds, for {@link #atomic} and the reports. */
  public static final int READ = AccessHistory.READ;
  public static final int WRITE = AccessHistory.WRITE;
  public static final int ATOMIC_READ = AccessHistory.ATOMIC_READ;
  public static final int ATOMIC_WRITE = AccessHistory.ATOMIC_WRITE;
  private static final String[] KIND_NAMES = {"read", "write", "atomic read", "atomic write"};

  private final RaceSink sink;
  private long racyEvents;
  private int racyLocations;
  private boolean[] racyVar = new boolean[1024];

  protected Analysis(RaceSink sink) {
    this.sink = sink;
  }

  /** The analysis's name on the command line: hb, shb or wcp. */
  public abstract String name();

  /** A plain read ({@code write} false) or write of {@code var} by {@code t} at code location {@code pc}. */
  public final void access(int t, int var, boolean write, long pc) {
    access(t, var, write ? WRITE : READ, pc);
  }

  /**
   * An access of {@code var} of a kind ({@link #READ}, {@link #WRITE}, {@link #ATOMIC_READ}, {@link #ATOMIC_WRITE}):
   * atomic accesses race only with conflicting plain ones, and do not synchronize by themselves.
   */
  public abstract void access(int t, int var, int kind, long pc);

  /** The name of an access kind in reports: read, write, atomic read, atomic write. */
  public static String kindName(int kind) {
    return KIND_NAMES[kind];
  }

  /** {@code t} acquires lock (or sync object) {@code lock}. */
  public abstract void acquire(int t, int lock);

  /** {@code t} releases {@code lock}: the lock's clock becomes the thread's. */
  public abstract void release(int t, int lock);

  /** {@code t} releases into {@code lock} keeping what it held (a read-unlock, an atomic release). */
  public abstract void releaseMerge(int t, int lock);

  /** {@code parent} starts {@code child}, which has had no event yet. */
  public abstract void fork(int parent, int child);

  /** {@code parent} waits for {@code child}, which has ended. */
  public abstract void join(int parent, int child);

  /** {@code var} is fresh memory: its access history is dropped (an allocation). */
  public abstract void reset(int var);

  /** The racy events found so far: each event at most once. */
  public final long racyEvents() {
    return racyEvents;
  }

  /** The variables with at least one racy event. */
  public final int racyLocations() {
    return racyLocations;
  }

  /** Records that the current event, an access of {@code var}, races with the earlier access described. */
  final void racy(int var, int t, int kind, long pc, int otherThread, int otherKind, long otherPc) {
    racyEvents++;
    if (var >= racyVar.length) {
      racyVar = Arrays.copyOf(racyVar, Math.max(var + 1, racyVar.length * 2));
    }
    if (!racyVar[var]) {
      racyVar[var] = true;
      racyLocations++;
    }
    if (sink != null) {
      sink.race(var, t, kind, pc, otherThread, otherKind, otherPc);
    }
  }

  /** An analysis by name: {@code hb}, {@code shb} or {@code wcp}. */
  public static Analysis create(String name, RaceSink sink) {
    return switch (name) {
      case "hb" -> new HbAnalysis(sink, false);
      case "shb" -> new HbAnalysis(sink, true);
      case "wcp" -> new WcpAnalysis(sink);
      default -> throw new IllegalArgumentException("unknown analysis '" + name + "' (known: online, hb, shb, wcp)");
    };
  }
}
