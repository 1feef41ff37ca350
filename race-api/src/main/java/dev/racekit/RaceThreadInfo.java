package dev.racekit;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a report says about a thread involved in a race: whether it still runs and where it was created.
 * The main thread and threads that can no longer be told have no creation stack.
 */
public final class RaceThreadInfo {
  private final long id;
  private final boolean running;
  private final long[] creationStack;

  /**
   * Describes one thread of a report; backends make these.
   *
   * @param id the thread's id
   * @param running whether the thread had not ended when the report was made
   * @param creationStack the start pc then the parent's call sites, innermost first; empty for the main thread
   * @throws NullPointerException if {@code creationStack} is null
   */
  public RaceThreadInfo(long id, boolean running, long[] creationStack) {
    this.id = id;
    this.running = running;
    this.creationStack = creationStack.clone();
  }

  /**
   * The thread's id, as reports print it ({@code thread N}).
   *
   * @return the id
   */
  public long id() {
    return id;
  }

  /**
   * Whether the thread had not ended when the report was made.
   *
   * @return true for {@code (running)}, false for {@code (finished)}
   */
  public boolean running() {
    return running;
  }

  /**
   * Where the thread was started: the start pc, then the parent's call sites, innermost first.
   *
   * @return a copy of the stack; empty for the main thread and for threads that can no longer be told
   */
  public long[] creationStack() {
    return creationStack.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RaceThreadInfo t
        && id == t.id
        && running == t.running
        && Arrays.equals(creationStack, t.creationStack);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, running) * 31 + Arrays.hashCode(creationStack);
  }

  @Override
  public String toString() {
    return "thread " + id + (running ? " (running)" : " (finished)") + " created at " + RaceAccess.hex(creationStack);
  }
}
