package dev.racekit;

/**
 * A running race detector: the entry point a tool holds for the whole run.
 *
 * <p>Obtain one from {@code dev.racekit.core.RaceKit.open()}. The detector starts with one thread, the
 * {@linkplain #mainThread() main thread}; further threads come from {@link #startThread(RaceThread, long)}.
 * Detected races are counted, printed to the configured log, and handed to {@linkplain RaceListener listeners}.
 */
public interface RaceDetector extends AutoCloseable {

  /** The name of the backend that runs this detector: {@code java}, {@code jni} or {@code thunk}. */
  String backendName();

  /** The options this detector was opened with. */
  RaceOptions options();

  /** The main thread (id 0), which exists from the start. */
  RaceThread mainThread();

  /**
   * Starts a thread: everything {@code parent} did before this call happens before everything the new thread does.
   *
   * @param pc the code location of the start, printed as the new thread's creation stack (with the parent's call stack)
   * @throws IllegalStateException if the parent has ended, the detector is closed, or 16,384 threads are alive at once
   */
  RaceThread startThread(RaceThread parent, long pc);

  /**
   * Declares {@code [base, base + size)} as memory to track (the analogue of Go's heap arena and data segment).
   * Shadow state is allocated lazily, so a large range costs little until it is touched.
   *
   * @throws IllegalArgumentException if base or size is not a multiple of 8, size is not positive or above
   *     64 GiB, the range wraps, it overlaps a mapped range, or 64 ranges are already mapped
   */
  void mapShadow(long base, long size);

  /** How many accesses fell outside every mapped range and were ignored. */
  long unmappedAccessCount();

  /**
   * Bytes of memory the detector's shadow takes now, as its backend counts it, for memory accounting and benchmarks;
   * -1 when the backend does not count it. The Java backend counts the shadow arrays it allocated on the heap, the
   * native backends the shadow pages resident in the process (touched); 0 once a native detector is closed. Each
   * backend counts as it allocates or asks the operating system, so the access path pays nothing for this.
   */
  default long shadowMemoryBytes() {
    return -1;
  }

  /** How many races were reported so far (after deduplication). */
  long reportCount();

  /** Adds a listener that receives every reported race, on the thread whose event found it. */
  void addListener(RaceListener listener);

  /** Removes a listener added earlier; does nothing if it was not added. */
  void removeListener(RaceListener listener);

  /**
   * Closes the detector and releases its memory. Prints {@code Found N data race(s)} when N &gt; 0. Every later
   * event on its threads, and every later {@link #startThread}, {@link #mainThread} or {@link #mapShadow}, throws
   * {@link IllegalStateException} ({@code "racekit: the detector is closed"}, the same on every backend); the counts
   * stay readable, and closing twice does nothing.
   *
   * <p>Safe while other Java threads still feed events, as when a shutdown hook closes the detector while daemon
   * threads run: an event that was already running when {@code close()} ran either completes or throws that same
   * exception, and a race it finds then may go unreported; it never crashes the JVM. Close after the tool's threads
   * have stopped to have every event counted. The native backends hand the shadow memory back to the operating
   * system at once and free the rest of their native memory once the detector and all its threads are unreachable.
   */
  @Override
  void close();
}
