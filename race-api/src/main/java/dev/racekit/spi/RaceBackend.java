package dev.racekit.spi;

import dev.racekit.RaceThread;

/**
 * One backend instance: the detector state behind a {@link dev.racekit.RaceDetector}. The core wraps it and adds
 * listeners, counting and the closing summary; {@link RaceThread}s come straight from the backend, so the hot path
 * has no wrapper.
 */
public interface RaceBackend {

  /**
   * The main thread, id 0.
   *
   * @return the same thread on every call
   * @throws IllegalStateException once the backend is closed
   */
  RaceThread mainThread();

  /**
   * See {@link dev.racekit.RaceDetector#startThread(RaceThread, long)}.
   *
   * @param parent a live thread of this backend (the core has checked it is not null)
   * @param pc the code location of the start
   * @return the new thread
   * @throws IllegalArgumentException if {@code parent} belongs to another backend
   * @throws IllegalStateException if the parent has ended, the backend is closed, or too many threads are alive
   */
  RaceThread startThread(RaceThread parent, long pc);

  /**
   * See {@link dev.racekit.RaceDetector#mapShadow(long, long)}.
   *
   * @param base the first byte of the range
   * @param size the range's length in bytes
   * @throws IllegalArgumentException when {@link MappedRanges#check} rejects the range
   * @throws IllegalStateException once the backend is closed
   */
  void mapShadow(long base, long size);

  /**
   * Accesses ignored because they fell outside every mapped range.
   *
   * @return the count since the backend was created
   */
  long unmappedAccessCount();

  /**
   * See {@link dev.racekit.RaceDetector#shadowMemoryBytes()}: this backend's own count of its shadow memory, or -1
   * when it keeps none. Read off the access path (it may take a lock or make a native call).
   *
   * @return the byte count, or -1
   */
  default long shadowMemoryBytes() {
    return -1;
  }

  /** Releases all memory; every later call on the backend or its threads throws {@link IllegalStateException}. */
  void close();
}
