package dev.racekit;

/** What an access did to memory. */
public enum AccessType {
  /** A plain read. */
  READ("read"),
  /** A plain write. */
  WRITE("write"),
  /** An atomic read: races only with plain writes. */
  ATOMIC_READ("atomic read"),
  /** An atomic write: races only with plain accesses. */
  ATOMIC_WRITE("atomic write"),
  /** The memory was freed ({@link RaceThread#free(long, long, long)}). */
  FREE("free");

  private final String label;

  AccessType(String label) {
    this.label = label;
  }

  /**
   * The lower-case name used in reports.
   *
   * @return for example {@code atomic write}
   */
  public String label() {
    return label;
  }

  /**
   * Whether this access changes memory.
   *
   * @return true for writes, atomic writes and frees
   */
  public boolean isWrite() {
    return this == WRITE || this == ATOMIC_WRITE || this == FREE;
  }

  /**
   * Whether this is an atomic access.
   *
   * @return true for atomic reads and writes
   */
  public boolean isAtomic() {
    return this == ATOMIC_READ || this == ATOMIC_WRITE;
  }
}
