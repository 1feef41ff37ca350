package dev.racekit.cli.analysis;

/** Receives each racy event an analysis finds, as it finds it. */
@FunctionalInterface
public interface RaceSink {
  /**
   * One racy event: the later access of a race, named with one earlier access it races with.
   *
   * @param variable the variable's id (dense, in order of first access)
   * @param thread the thread of the racy (second) access
   * @param kind the second access's kind: {@link Analysis#READ}, {@link Analysis#WRITE}, {@link Analysis#ATOMIC_READ}
   *     or {@link Analysis#ATOMIC_WRITE}
   * @param pc the second access's code location
   * @param otherThread the thread of the first access
   * @param otherKind the first access's kind
   * @param otherPc the first access's code location
   */
  void race(int variable, int thread, int kind, long pc, int otherThread, int otherKind, long otherPc);
}
