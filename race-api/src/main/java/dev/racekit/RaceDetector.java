package dev.racekit;

/**
 * A running race detector: the entry point a tool holds for the whole run.
 *
 * <p>Obtain one from {@code dev.racekit.core.RaceKit.open()}. The detector starts with one thread, the
 * {@linkplain #mainThread() main thread}; further threads come from {@link #startThread(RaceThread, long)}.
 * Detected races are counted, printed to the configured log, and handed to {@linkplain RaceListener listeners}.
 */
public interface RaceDetector extends AutoCloseable {

  /**
   * The name of the backend that runs this detector.
   *
   * @return {@code java}, {@code jni}, {@code thunk}, or the name of another backend's provider
   */
  String backendName();

  /**
   * The options this detector was opened with.
   *
   * @return the options
   */
  RaceOptions options();

  /**
   * The main thread (id 0), which exists from the start.
   *
   * @return the same thread on every call
   * @throws IllegalStateException if the detector is closed
   */
  RaceThread mainThread();

  /**
   * Starts a thread: everything {@code parent} did before this call happens before everything the new thread does.
   *
   * @param parent a live thread of this detector
   * @param pc the code location of the start, printed as the new thread's creation stack (with the parent's call stack)
   * @return the new thread, with the next id
   * @throws NullPointerException if {@code parent} is null
   * @throws IllegalArgumentException if {@code parent} belongs to another detector
   * @throws IllegalStateException if the parent has ended, the detector is closed, or 16,384 threads are alive at once
   */
  RaceThread startThread(RaceThread parent, long pc);

  /**
   * Declares {@code [base, base + size)} as memory to track (the analogue of Go's heap arena and data segment).
   * Shadow state is allocated lazily, so a large range costs little until it is touched.
   *
   * @param base the first byte of the range
   * @param size the range's length in bytes
   * @throws IllegalArgumentException if base or size is not a multiple of 8, size is not positive or above
   *     64 GiB, the range wraps, it overlaps a mapped range, or 64 ranges are already mapped
   */
  void mapShadow(long base, long size);

  /**
   * How many accesses fell outside every mapped range and were ignored.
   *
   * @return the count since the detector was opened
   */
  long unmappedAccessCount();

  /**
   * Bytes of memory the detector's shadow takes now, as its backend counts it, for memory accounting and benchmarks.
   * The Java backend counts the shadow arrays it allocated on the heap, the native backends the shadow pages resident
   * in the process (touched). Each backend counts as it allocates or asks the operating system, so the access path
   * pays nothing for this.
   *
   * @return the byte count; -1 when the backend does not count it; 0 once a native detector is closed
   */
  default long shadowMemoryBytes() {
    return -1;
  }

  /**
   * How many races were reported so far (after deduplication).
   *
   * @return the count since the detector was opened; still readable after {@link #close()}
   */
  long reportCount();

  /**
   * Adds a listener that receives every reported race, on the thread whose event found it.
   *
   * @param listener the listener
   * @throws NullPointerException if {@code listener} is null
   */
  void addListener(RaceListener listener);

  /**
   * Removes a listener added earlier; does nothing if it was not added.
   *
   * @param listener the listener to remove
   */
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
