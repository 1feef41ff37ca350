package dev.racekit.spi;

/**
 * Argument checks every backend runs before it touches state, so that bad input gets the same
 * {@link IllegalArgumentException} from every backend and a native backend never sees it.
 */
public final class Checks {
  /** The longest range access accepted: 1 TiB, far above any mapped range (64 GiB each). */
  public static final long MAX_RANGE = 1L << 40;

  private Checks() {}

  /**
   * Checks a sized access: 1, 2, 4 or 8 bytes inside one 8-byte word.
   *
   * @param addr the first byte accessed
   * @param size the number of bytes accessed
   * @throws IllegalArgumentException if the size is not 1, 2, 4 or 8 or the access crosses an 8-byte boundary
   */
  public static void sized(long addr, int size) {
    // 0x116 has bits 1, 2, 4 and 8 set. Unsigned, so a negative size cannot pass: >>> masks its distance to 5 bits,
    // which would let -24, -28, -30 and -31 through (the thunk backend's core entry trusts this check alone).
    if (Integer.compareUnsigned(size, 8) > 0 || ((0x116 >>> size) & 1) == 0 || (addr & 7) + size > 8) {
      throw badSized(addr, size);
    }
  }

  /**
   * Checks a range access or malloc/free: {@code 0 <= len <= 2^40} and {@code [addr, addr + len)} does not wrap.
   *
   * @param addr the first byte of the range
   * @param len the range's length in bytes
   * @throws IllegalArgumentException if {@code len} is out of bounds or the range wraps
   */
  public static void range(long addr, long len) {
    if (len < 0 || len > MAX_RANGE || (len > 0 && Long.compareUnsigned(addr + len - 1, addr) < 0)) {
      throw new IllegalArgumentException(
          "range of " + len + " bytes at 0x" + Long.toHexString(addr) + " is invalid: the length must be in 0..2^40"
              + " and the range must not wrap around the address space");
    }
  }

  private static IllegalArgumentException badSized(long addr, int size) {
    if (Integer.compareUnsigned(size, 8) > 0 || ((0x116 >>> size) & 1) == 0) {
      return new IllegalArgumentException("access size " + size + " is not 1, 2, 4 or 8");
    }
    return new IllegalArgumentException(
        "access of " + size + " bytes at 0x" + Long.toHexString(addr) + " crosses an 8-byte word boundary");
  }
}
