package dev.racekit.purejava;

import dev.racekit.RaceThread;
import dev.racekit.spi.BackendContext;
import dev.racekit.spi.RaceBackend;
import dev.racekit.spi.ReportSink;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Java detector (race-native/src/detector.c): its lifecycle and the public odds and ends; each concern lives in
 * the file named like the native core's (Access, Clock, History, Report, Shadow, Slots, Sync, Threads). Thread start,
 * end and join take the lifecycle lock (they are rare); accesses and synchronization do not.
 */
final class JavaBackend implements RaceBackend {
  final Shadow shadow = new Shadow();
  final Sync syncs = new Sync();
  final int historySize;
  final ReportSink sink;
  /** Thread lifecycle, slots and report building. */
  final Object lifecycle = new Object();
  final Slots slots = new Slots();
  final Set<JavaRaceThread> live = new LinkedHashSet<>();
  final AtomicLong endedUnmapped = new AtomicLong();
  private final JavaRaceThread main;
  long nextId;
  private volatile boolean closed;

  /** rk_open. */
  JavaBackend(BackendContext context) {
    this.historySize = context.options().historySize();
    this.sink = context.reports();
    synchronized (lifecycle) {
      this.main = Threads.create(this, new long[0], new long[0]);
    }
  }

  /** rk_main_thread. */
  @Override
  public RaceThread mainThread() {
    checkOpen();
    return main;
  }

  @Override
  public RaceThread startThread(RaceThread parent, long pc) {
    return Threads.start(this, parent, pc);
  }

  /** rk_map_shadow. */
  @Override
  public void mapShadow(long base, long size) {
    checkOpen();
    shadow.map(base, size);
  }

  /** rk_unmapped_count. */
  @Override
  public long unmappedAccessCount() {
    synchronized (lifecycle) {
      long n = endedUnmapped.get();
      for (JavaRaceThread t : live) {
        n += t.unmapped;
      }
      return n;
    }
  }

  /** Per slot, the epoch below which its cells are forgotten (Slots.floor); read without the lifecycle lock. */
  long[] slotFloor() {
    return slots.floor;
  }

  /** rk_shadow_resident_bytes: bytes of shadow memory allocated so far (cells and page directories). */
  @Override
  public long shadowMemoryBytes() {
    return shadow.allocatedBytes();
  }

  /** rk_shutdown: every live thread is closed, later calls on it fail. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      for (JavaRaceThread t : live) {
        endedUnmapped.addAndGet(t.unmapped);
        t.state = Threads.CLOSED;
      }
      live.clear();
      syncs.destroy();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("racekit: the detector is closed");
    }
  }
}
