package dev.racekit;

/**
 * One detector thread: the tool's Java thread, goroutine, interpreter thread or trace thread.
 *
 * <p>Every event a thread performs is a call on its {@code RaceThread}, so the hot path needs no
 * thread-local lookup. A {@code RaceThread} is not itself thread-safe: feed it from one Java thread at a
 * time. One Java thread may feed many {@code RaceThread}s (a trace replayer does), a {@code RaceThread} may be
 * handed from one Java thread to another (started in one, fed in the next) when the hand-off itself is ordered (a
 * queue, a lock, {@code Thread.start}), and different {@code RaceThread}s may be fed concurrently.
 *
 * <p>Misuse never crashes the JVM or corrupts memory, on any backend. When two Java threads feed one
 * {@code RaceThread} at once, the harm stays with that thread: some of its events may be lost or mixed up, so its
 * reports may be missing, wrong or extra and its stacks garbled, and a call may throw
 * {@link IllegalStateException} (for example {@link #funcExit()} finding the stack empty) or, on the pure-Java
 * backend, an {@link IndexOutOfBoundsException} from that thread's own history or stack. The same holds for a call
 * that is still running on one Java thread while another calls {@link #end()} or {@link RaceDetector#close()}.
 *
 * <p>Addresses and pcs are 64-bit values chosen by the tool. Accesses to addresses outside every range
 * registered with {@link RaceDetector#mapShadow(long, long)} are ignored and counted
 * ({@link RaceDetector#unmappedAccessCount()}).
 *
 * <p>Every method throws {@link IllegalStateException} once the thread has {@linkplain #end() ended}
 * (except {@link #isEnded()} and {@link #id()}) or the detector has been closed, and
 * {@link IllegalArgumentException} for malformed arguments; a rejected call changes no state.
 */
public interface RaceThread {

  /**
   * The thread id: 0 for the main thread, then 1, 2, ... in creation order. Never reused.
   *
   * @return this thread's id, the one reports print as {@code thread N}
   */
  long id();

  /**
   * Whether {@link #end()} was called (or the detector was closed).
   *
   * @return true once this thread takes no more events
   */
  boolean isEnded();

  /**
   * A plain one-byte read at {@code addr}, from code location {@code pc}.
   *
   * @param addr the address read
   * @param pc the code location of the read, printed first in its stack
   */
  void read(long addr, long pc);

  /**
   * A plain one-byte write at {@code addr}, from code location {@code pc}.
   *
   * @param addr the address written
   * @param pc the code location of the write, printed first in its stack
   */
  void write(long addr, long pc);

  /**
   * A plain read of {@code size} bytes (1, 2, 4 or 8) that lies inside one 8-byte word. It races with an
   * overlapping write by another thread unless one happens before the other.
   *
   * @param addr the first byte read
   * @param size the number of bytes read: 1, 2, 4 or 8
   * @param pc the code location of the read
   * @throws IllegalArgumentException if the size is not 1, 2, 4 or 8 or the access crosses an 8-byte boundary
   */
  void read(long addr, int size, long pc);

  /**
   * A plain write of {@code size} bytes inside one 8-byte word; see {@link #read(long, int, long)}.
   *
   * @param addr the first byte written
   * @param size the number of bytes written: 1, 2, 4 or 8
   * @param pc the code location of the write
   * @throws IllegalArgumentException if the size is not 1, 2, 4 or 8 or the access crosses an 8-byte boundary
   */
  void write(long addr, int size, long pc);

  /**
   * An atomic read: never races with other atomic accesses, still races with overlapping unordered plain
   * writes. Does not by itself synchronize: a tool that models acquire semantics also calls {@link #acquire}.
   *
   * @param addr the first byte read
   * @param size the number of bytes read: 1, 2, 4 or 8, inside one 8-byte word
   * @param pc the code location of the read
   * @throws IllegalArgumentException if the size is not 1, 2, 4 or 8 or the access crosses an 8-byte boundary
   */
  void atomicRead(long addr, int size, long pc);

  /**
   * An atomic write; see {@link #atomicRead(long, int, long)}. Does not by itself synchronize: a tool that models
   * release semantics also calls {@link #release} or {@link #releaseMerge}.
   *
   * @param addr the first byte written
   * @param size the number of bytes written: 1, 2, 4 or 8, inside one 8-byte word
   * @param pc the code location of the write
   * @throws IllegalArgumentException if the size is not 1, 2, 4 or 8 or the access crosses an 8-byte boundary
   */
  void atomicWrite(long addr, int size, long pc);

  /**
   * A plain read of every byte of {@code [addr, addr + len)}, for example the source of an array copy.
   *
   * @param addr the first byte read
   * @param len the number of bytes read; 0 reads nothing
   * @param pc the code location of the read
   * @throws IllegalArgumentException if {@code len} is negative or above 2^40, or the range wraps around the address
   *     space
   */
  void readRange(long addr, long len, long pc);

  /**
   * A plain write of every byte of {@code [addr, addr + len)}; see {@link #readRange(long, long, long)}.
   *
   * @param addr the first byte written
   * @param len the number of bytes written; 0 writes nothing
   * @param pc the code location of the write
   * @throws IllegalArgumentException if {@code len} is negative or above 2^40, or the range wraps around the address
   *     space
   */
  void writeRange(long addr, long len, long pc);

  /**
   * Pushes {@code pc} (the call site) on the thread's shadow call stack. The stack printed for an access is
   * the access pc followed by the call sites, innermost first.
   *
   * @param pc the call site
   * @throws IllegalStateException if the shadow stack is deeper than 1,048,576 frames
   */
  void funcEnter(long pc);

  /**
   * Pops the shadow call stack.
   *
   * @throws IllegalStateException if the stack is empty
   */
  void funcExit();

  /**
   * Joins the clock of sync object {@code sync} into this thread: what was released there happens before what
   * follows (a lock's lock).
   *
   * @param sync the sync object: any 64-bit value the tool chooses, typically the lock's address
   */
  void acquire(long sync);

  /**
   * Stores this thread's clock into {@code sync}, replacing what it held (a lock's unlock; TSan's ReleaseStore).
   *
   * @param sync the sync object
   */
  void release(long sync);

  /**
   * Joins this thread's clock into {@code sync}, keeping what it held (a read-unlock; TSan's Release).
   *
   * @param sync the sync object
   */
  void releaseMerge(long sync);

  /** Stops tracking this thread's accesses and synchronization until the matching {@link #ignoreEnd()}. Nests. */
  void ignoreBegin();

  /**
   * Ends the innermost ignore region.
   *
   * @throws IllegalStateException without a matching {@link #ignoreBegin()}
   */
  void ignoreEnd();

  /**
   * Declares {@code [addr, addr + size)} fresh memory: its access history is cleared, and sync objects inside
   * it are forgotten. The cost follows the shadow already touched inside the range, not its size: a malloc of a
   * huge, untouched range allocates nothing.
   *
   * @param addr the first byte of the block
   * @param size the block's length in bytes
   * @throws IllegalArgumentException if {@code size} is negative or above 2^40, or the range wraps around the address
   *     space
   */
  void malloc(long addr, long size);

  /**
   * Frees {@code [addr, addr + size)}. What is detected:
   *
   * <ul>
   *   <li>the free itself is checked like a write of the whole range: it races with every earlier access in the
   *       range that is still recorded and not ordered before it;
   *   <li>a later access by a thread that is not ordered after the free is reported as a use after free when it
   *       touches the first 1 KiB of the range, or a word of it that had been accessed since it was last cleared
   *       (by {@link #malloc} or an earlier free);
   *   <li>words past the first KiB that no access had touched keep no marker, so a first access to one of them after
   *       the free is not reported (ThreadSanitizer marks only the first KiB of a freed block).
   * </ul>
   *
   * Like {@link #malloc}, the work and the shadow memory this costs follow what was touched, not the size of the
   * range: freeing 64 GiB of untouched memory allocates at most the shadow of its first KiB.
   *
   * @param addr the first byte of the block
   * @param size the block's length in bytes
   * @param pc the code location of the free, printed in use-after-free reports
   * @throws IllegalArgumentException if {@code size} is negative or above 2^40, or the range wraps around the address
   *     space
   */
  void free(long addr, long size, long pc);

  /**
   * Ends this thread: everything it did can later happen before what a joiner does after
   * {@link #join(RaceThread)}. Its slot is recycled, so threads can come and go without limit.
   *
   * <p>May be called from any Java thread, also while another Java thread is still feeding this one (a tool that
   * ends the threads of a dying program): every call that starts after {@code end()} returned throws
   * {@link IllegalStateException} ({@code "racekit: thread N has ended"}); a call already running when it ends
   * either throws the same or completes, and what it recorded then may be missing or misattributed in reports
   * (that thread's only). The native backends free the thread's native memory once this object is unreachable.
   *
   * @throws IllegalStateException if the thread has already ended
   */
  void end();

  /**
   * Joins an ended thread: everything {@code child} did happens before what this thread does next.
   *
   * @param child an ended thread of the same detector
   * @throws IllegalStateException if {@code child} has not ended
   * @throws IllegalArgumentException if {@code child} is null, belongs to another detector or is this thread
   */
  void join(RaceThread child);
}
