package dev.racekit.core;

import dev.racekit.RaceDetector;
import dev.racekit.RaceListener;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import dev.racekit.spi.RaceBackend;
import java.util.Objects;

/** The detector a tool holds: a backend plus the report hub. Threads come straight from the backend. */
final class ManagedDetector implements RaceDetector {
  private final String backendName;
  private final RaceOptions options;
  private final RaceBackend backend;
  private final ReportHub reports;
  private boolean closed;

  ManagedDetector(String backendName, RaceOptions options, RaceBackend backend, ReportHub reports) {
    this.backendName = backendName;
    this.options = options;
    this.backend = backend;
    this.reports = reports;
  }

  @Override
  public String backendName() {
    return backendName;
  }

  @Override
  public RaceOptions options() {
    return options;
  }

  @Override
  public RaceThread mainThread() {
    return backend.mainThread();
  }

  @Override
  public RaceThread startThread(RaceThread parent, long pc) {
    Objects.requireNonNull(parent, "parent");
    return backend.startThread(parent, pc);
  }

  @Override
  public void mapShadow(long base, long size) {
    backend.mapShadow(base, size);
  }

  @Override
  public long unmappedAccessCount() {
    return backend.unmappedAccessCount();
  }

  @Override
  public long shadowMemoryBytes() {
    return backend.shadowMemoryBytes();
  }

  @Override
  public long reportCount() {
    return reports.count();
  }

  /** The suppressions' end line: how many reports each rule silenced; empty when none was. */
  String suppressedSummary() {
    return reports.suppressedSummary();
  }

  @Override
  public void addListener(RaceListener listener) {
    reports.addListener(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(RaceListener listener) {
    reports.removeListener(listener);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    backend.close();
    reports.close();
  }

  @Override
  public String toString() {
    return "RaceDetector[" + backendName + "]";
  }
}
