package dev.racekit.corpus;

/**
 * A meeting point for the corpus' racy programs that the race detector cannot see: the agent never instruments
 * {@code dev.racekit.**}, so these volatile accesses emit no acquire or release.
 *
 * <p>Each party does its racy access, then calls {@link #arriveAndAwait(int)}. Nobody leaves before everybody
 * arrived, so both racy accesses are done before either thread does anything the detector models as synchronization
 * (returning from {@code run}, thread exit, {@code join}, printing). Which access comes first in time does not matter:
 * happens-before orders neither, on every schedule. Only volatile fields of this class are used (no
 * java.util.concurrent, whose own code is instrumented).
 */
public final class InvisibleRendezvous {
  private static final long TIMEOUT_NANOS = 10_000_000_000L;

  private final int parties;
  private volatile boolean arrived0;
  private volatile boolean arrived1;
  private volatile boolean arrived2;
  private volatile boolean arrived3;

  /** @param parties 2 to 4 threads, numbered 0 .. parties-1 */
  public InvisibleRendezvous(int parties) {
    if (parties < 2 || parties > 4) {
      throw new IllegalArgumentException("parties must be 2..4, not " + parties);
    }
    this.parties = parties;
    // Resolve now, in the constructing thread (before any racy thread starts), every class the waiting loop uses.
    // The first use of a class from a class loader goes through that loader's lock map (a ConcurrentHashMap, real
    // synchronization the detector sees): done for the first time after a racy access, it could order that access
    // before the other thread's.
    System.nanoTime();
    Thread.onSpinWait();
  }

  /** Marks party {@code party} as arrived and waits (spinning) for all others; fails after 10 s. */
  public void arriveAndAwait(int party) {
    switch (party) {
      case 0 -> arrived0 = true;
      case 1 -> arrived1 = true;
      case 2 -> arrived2 = true;
      case 3 -> arrived3 = true;
      default -> throw new IllegalArgumentException("party " + party);
    }
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    while (!all()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("rendezvous: party " + party + " waited 10 s for the others");
      }
      Thread.onSpinWait();
    }
  }

  private boolean all() {
    return arrived0 && arrived1 && (parties < 3 || arrived2) && (parties < 4 || arrived3);
  }
}
