package dev.racekit.purejava;

import dev.racekit.AccessType;
import dev.racekit.RaceAccess;
import dev.racekit.RaceReport;
import dev.racekit.RaceThreadInfo;

/**
 * Report building (race-native/src/report.c). The previous access is the earlier cell: its address is the first byte
 * of its mask, its size the bytes in the mask. The slot journal names its thread, if still remembered, and that
 * thread's history rebuilds its stack if still there. Off the fast path: it runs once per race found.
 */
final class Report {
  private Report() {}

  /**
   * rk_report_race: builds the report of a race between {@code t}'s access and the earlier access in cell
   * {@code prev} of {@code word}, and hands it to the detector's sink.
   */
  static void race(JavaRaceThread t, long prev, long word, long addr, int size, AccessType type, long pc) {
    JavaBackend d = t.backend;
    int prevSlot = Cell.slot(prev);
    long prevEpoch = Cell.epoch(prev);
    long prevMask = prev & Cell.MASK;
    long prevAddr = word + Long.numberOfTrailingZeros(prevMask);
    AccessType prevType = Cell.type(prev);
    ThreadRecord owner;
    synchronized (d.lifecycle) {
      owner = d.slots.owner(prevSlot, prevEpoch);
    }
    long[] prevStack = owner == null ? null : restore(owner, prevEpoch, prevAddr, Long.bitCount(prevMask), prevType);
    RaceAccess current = new RaceAccess(t.id(), addr, size, type, Threads.stackWith(t, pc));
    RaceAccess previous = new RaceAccess(owner == null ? RaceAccess.UNKNOWN_THREAD : owner.id, prevAddr,
        Long.bitCount(prevMask), prevType, prevStack);
    RaceThreadInfo currentThread = new RaceThreadInfo(t.id(), true, Threads.liveRecord(t).creationStack);
    RaceThreadInfo previousThread = owner == null
        ? new RaceThreadInfo(RaceAccess.UNKNOWN_THREAD, false, new long[0])
        : new RaceThreadInfo(owner.id, !owner.ended, owner.creationStack);
    RaceReport.Kind kind = prevType == AccessType.FREE ? RaceReport.Kind.USE_AFTER_FREE : RaceReport.Kind.DATA_RACE;
    d.sink.report(new RaceReport(kind, current, previous, currentThread, previousThread));
  }

  /**
   * Replays the owner's history; that thread may be running and appending to it, so a torn read is possible and
   * means the stack cannot be restored, never a failure.
   */
  private static long[] restore(ThreadRecord owner, long epoch, long addr, int size, AccessType type) {
    try {
      return owner.history.restore(epoch, addr, size, type);
    } catch (RuntimeException concurrentlyOverwritten) {
      return null;
    }
  }
}
