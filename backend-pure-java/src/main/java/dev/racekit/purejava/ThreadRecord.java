package dev.racekit.purejava;

/**
 * What outlives a thread for reports (rk_record, owned by the slot journal in race-native/src/slots.c): its id, where
 * it was created, its history, and whether it has ended.
 */
final class ThreadRecord {
  final long id;
  final long startEpoch;
  final long[] creationStack;
  final History history;
  volatile boolean ended;

  ThreadRecord(long id, long startEpoch, long[] creationStack, History history) {
    this.id = id;
    this.startEpoch = startEpoch;
    this.creationStack = creationStack;
    this.history = history;
  }
}
