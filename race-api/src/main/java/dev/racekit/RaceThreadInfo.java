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

  /** @param creationStack the start pc then the parent's call sites, innermost first; empty for the main thread */
  public RaceThreadInfo(long id, boolean running, long[] creationStack) {
    this.id = id;
    this.running = running;
    this.creationStack = creationStack.clone();
  }

  public long id() {
    return id;
  }

  public boolean running() {
    return running;
  }

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
