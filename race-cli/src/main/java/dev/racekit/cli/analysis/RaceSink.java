package dev.racekit.cli.analysis;

/** Receives each racy event an analysis finds, as it finds it. */
@FunctionalInterface
public interface RaceSink {
  /**
   * One racy event: the later access of a race, named with one earlier access it races with.
   *
   * @param variable the variable's id (dense, in order of first access)
   * @param thread the thread of the racy (second) access
   * @param write whether the second access is a write
   * @param pc the second access's code location
   * @param otherThread the thread of the first access
   * @param otherWrite whether the first access is a write
   * @param otherPc the first access's code location
   */
  void race(int variable, int thread, boolean write, long pc, int otherThread, boolean otherWrite,
      long otherPc);
}
