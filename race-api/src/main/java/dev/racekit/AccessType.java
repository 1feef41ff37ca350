package dev.racekit;

/** What an access did to memory. */
public enum AccessType {
  READ("read"),
  WRITE("write"),
  ATOMIC_READ("atomic read"),
  ATOMIC_WRITE("atomic write"),
  /** The memory was freed ({@link RaceThread#free(long, long, long)}). */
  FREE("free");

  private final String label;

  AccessType(String label) {
    this.label = label;
  }

  /** The lower-case name used in reports, for example {@code atomic write}. */
  public String label() {
    return label;
  }

  /** Whether this access changes memory (writes and frees). */
  public boolean isWrite() {
    return this == WRITE || this == ATOMIC_WRITE || this == FREE;
  }

  /** Whether this is an atomic access. */
  public boolean isAtomic() {
    return this == ATOMIC_READ || this == ATOMIC_WRITE;
  }
}
