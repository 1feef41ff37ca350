package dev.racekit.trace;

/**
 * Decodes the unsigned LEB128 varints of the trace format: seven bits a byte, least significant first, the high bit
 * set on every byte but the last. The header, the event records and the trailer all decode theirs here.
 *
 * <p>One instance holds the value of its last {@link #decode}, so the hot replay loop gets a value and a position
 * from one call without allocating. Not thread-safe.
 */
final class Varint {
  /** The longest encoding of a 64-bit value: 9 × 7 bits, then one byte with the last bit. */
  static final int MAX_BYTES = 10;

  private long value;

  /** The value of the last successful {@link #decode}. */
  long value() {
    return value;
  }

  /**
   * Decodes the varint at {@code b[p]}, reading no byte at or past {@code limit}; the value is then {@link #value()}.
   * One to three bytes, the usual lengths of deltas, are decoded without a loop.
   *
   * @return the position after the varint
   * @throws Malformed when it is longer than {@link #MAX_BYTES}, holds more than 64 bits, or is cut off by
   *     {@code limit}
   */
  int decode(byte[] b, int p, int limit) throws Malformed {
    if (limit - p >= 3) {
      long x = b[p];
      if (x >= 0) {
        value = x;
        return p + 1;
      }
      long y = b[p + 1];
      if (y >= 0) {
        value = (x & 0x7f) | (y << 7);
        return p + 2;
      }
      long z = b[p + 2];
      if (z >= 0) {
        value = (x & 0x7f) | ((y & 0x7f) << 7) | (z << 14);
        return p + 3;
      }
    }
    return decodeLoop(b, p, limit);
  }

  private int decodeLoop(byte[] b, int p, int limit) throws Malformed {
    long x = 0;
    int start = p;
    for (int shift = 0; shift < 7 * MAX_BYTES; shift += 7) {
      if (p >= limit) {
        throw new Malformed(start, "a number cut off by the end of the data", true);
      }
      long y = b[p++];
      if (shift == 63 && (y & 0x7e) != 0) {
        throw new Malformed(start, "a number larger than 64 bits", false);
      }
      x |= (y & 0x7f) << shift;
      if (y >= 0) {
        value = x;
        return p;
      }
    }
    throw new Malformed(start, "a number longer than " + MAX_BYTES + " bytes", false);
  }

  /** The signed value of a zigzag-encoded one (0, -1, 1, -2, ... as 0, 1, 2, 3, ...). */
  static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /**
   * A varint that cannot be decoded. It carries no file name or file offset: each caller knows where its bytes came
   * from and says so in the {@link TraceFormatException} it throws. No stack trace: the caller's exception has one.
   */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;
    private final int position;
    private final boolean cutOff;

    Malformed(int position, String reason, boolean cutOff) {
      super(reason, null, false, false);
      this.position = position;
      this.cutOff = cutOff;
    }

    /** Whether the data ended inside the varint (rather than holding a malformed one). */
    boolean cutOff() {
      return cutOff;
    }

    /** Where the varint starts, as an index into the decoded array. */
    int position() {
      return position;
    }
  }
}
