package dev.racekit;

import java.util.Objects;

/**
 * An immutable race report: the access that found the race, the earlier access it conflicts with, and the
 * two threads. Equal reports compare equal, so report lists from two backends can be compared directly.
 */
public final class RaceReport {

  /** What kind of race this is. */
  public enum Kind {
    /** Two conflicting accesses from different threads, neither happening before the other. */
    DATA_RACE,
    /** An access to freed memory by a thread that is not ordered after the free. */
    USE_AFTER_FREE
  }

  private final Kind kind;
  private final RaceAccess current;
  private final RaceAccess previous;
  private final RaceThreadInfo currentThread;
  private final RaceThreadInfo previousThread;

  /**
   * Makes a report; backends make these, tools and tests compare them.
   *
   * @param kind a data race or a use after free
   * @param current the access that found the race
   * @param previous the earlier access (or free) it conflicts with
   * @param currentThread the thread of {@code current}
   * @param previousThread the thread of {@code previous}
   * @throws NullPointerException if any argument is null
   */
  public RaceReport(
      Kind kind,
      RaceAccess current,
      RaceAccess previous,
      RaceThreadInfo currentThread,
      RaceThreadInfo previousThread) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.current = Objects.requireNonNull(current, "current");
    this.previous = Objects.requireNonNull(previous, "previous");
    this.currentThread = Objects.requireNonNull(currentThread, "currentThread");
    this.previousThread = Objects.requireNonNull(previousThread, "previousThread");
  }

  /**
   * What kind of race this is.
   *
   * @return a data race or a use after free
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The access being made when the race was found.
   *
   * @return the current access
   */
  public RaceAccess current() {
    return current;
  }

  /**
   * The earlier access (or free) it races with.
   *
   * @return the previous access
   */
  public RaceAccess previous() {
    return previous;
  }

  /**
   * The thread that made the current access.
   *
   * @return its id, state and creation stack
   */
  public RaceThreadInfo currentThread() {
    return currentThread;
  }

  /**
   * The thread that made the previous access.
   *
   * @return its id, state and creation stack
   */
  public RaceThreadInfo previousThread() {
    return previousThread;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RaceReport r
        && kind == r.kind
        && current.equals(r.current)
        && previous.equals(r.previous)
        && currentThread.equals(r.currentThread)
        && previousThread.equals(r.previousThread);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, current, previous, currentThread, previousThread);
  }

  @Override
  public String toString() {
    return kind + ": " + current + " / previous " + previous + " / " + currentThread
        + (previousThread.id() != currentThread.id() ? " / previous " + previousThread : "");
  }
}
