package dev.racekit;

import java.util.Arrays;
import java.util.Objects;

/**
 * One side of a race: who accessed what, how, and from where.
 *
 * <p>The stack is a list of pcs, innermost first: the access pc, then the call sites from
 * {@link RaceThread#funcEnter(long)}. For the previous access the stack is rebuilt from the thread's
 * history ring; when that part of the ring was overwritten the stack is not restorable
 * ({@link #stackRestored()} is false and {@link #stack()} is empty).
 */
public final class RaceAccess {
  /** The thread id printed when the thread that made a previous access can no longer be told. */
  public static final long UNKNOWN_THREAD = -1;

  private final long threadId;
  private final long address;
  private final int size;
  private final AccessType type;
  private final long[] stack;

  /**
   * Describes one access; backends make these, tools and tests compare them.
   *
   * @param threadId the id of the thread that made the access, or {@link #UNKNOWN_THREAD}
   * @param address the address of the access
   * @param size how many bytes of the racing 8-byte word the access touched
   * @param type what the access did
   * @param stack the pcs innermost first, or {@code null} when the stack could not be restored
   * @throws NullPointerException if {@code type} is null
   */
  public RaceAccess(long threadId, long address, int size, AccessType type, long[] stack) {
    this.threadId = threadId;
    this.address = address;
    this.size = size;
    this.type = Objects.requireNonNull(type, "type");
    this.stack = stack == null ? null : stack.clone();
  }

  /**
   * The thread that made the access.
   *
   * @return its id, or {@link #UNKNOWN_THREAD} when it can no longer be told
   */
  public long threadId() {
    return threadId;
  }

  /**
   * Where the access was.
   *
   * @return the address as the tool gave it
   */
  public long address() {
    return address;
  }

  /**
   * How many bytes of the racing 8-byte word this access touched.
   *
   * @return 1 to 8
   */
  public int size() {
    return size;
  }

  /**
   * What the access did.
   *
   * @return the access type
   */
  public AccessType type() {
    return type;
  }

  /**
   * Whether the stack could be rebuilt (always for the current access; for the previous one only while that part
   * of its thread's history ring was not overwritten).
   *
   * @return false when {@link #stack()} is empty for that reason
   */
  public boolean stackRestored() {
    return stack != null;
  }

  /**
   * The pcs, innermost first; empty when not restorable.
   *
   * @return a copy of the stack
   */
  public long[] stack() {
    return stack == null ? new long[0] : stack.clone();
  }

  /**
   * The access pc (the innermost frame).
   *
   * @return the pc, or 0 when the stack is not restorable
   */
  public long pc() {
    return stack == null || stack.length == 0 ? 0 : stack[0];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RaceAccess a
        && threadId == a.threadId
        && address == a.address
        && size == a.size
        && type == a.type
        && Arrays.equals(stack, a.stack);
  }

  @Override
  public int hashCode() {
    return Objects.hash(threadId, address, size, type) * 31 + Arrays.hashCode(stack);
  }

  @Override
  public String toString() {
    return type.label() + " of " + size + " at 0x" + Long.toHexString(address) + " by thread " + threadId
        + (stack == null ? " [stack not restorable]" : " stack " + hex(stack));
  }

  /** Pcs as reports print them: {@code [0x2a, 0x11]}. */
  static String hex(long[] pcs) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < pcs.length; i++) {
      sb.append(i == 0 ? "0x" : ", 0x").append(Long.toHexString(pcs[i]));
    }
    return sb.append(']').toString();
  }
}
