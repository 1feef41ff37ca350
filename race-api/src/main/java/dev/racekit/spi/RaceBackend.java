package dev.racekit.spi;

import dev.racekit.RaceThread;

/**
 * One backend instance: the detector state behind a {@link dev.racekit.RaceDetector}. The core wraps it and adds
 * listeners, counting and the closing summary; {@link RaceThread}s come straight from the backend, so the hot path
 * has no wrapper.
 */
public interface RaceBackend {

  /** The main thread, id 0. */
  RaceThread mainThread();

  /** See {@link dev.racekit.RaceDetector#startThread(RaceThread, long)}. */
  RaceThread startThread(RaceThread parent, long pc);

  /** See {@link dev.racekit.RaceDetector#mapShadow(long, long)}. */
  void mapShadow(long base, long size);

  /** Accesses ignored because they fell outside every mapped range. */
  long unmappedAccessCount();

  /**
   * See {@link dev.racekit.RaceDetector#shadowMemoryBytes()}: this backend's own count of its shadow memory, or -1
   * when it keeps none. Read off the access path (it may take a lock or make a native call).
   */
  default long shadowMemoryBytes() {
    return -1;
  }

  /** Releases all memory; every later call on the backend or its threads throws {@link IllegalStateException}. */
  void close();
}
