package dev.racekit.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A large byte array filled from a file ahead of a decoder that parses it in place: the binary event decoder and the
 * STD text parser both read their traces through one. The decoder keeps its own position {@code p} in
 * {@link #bytes()} and calls {@link #refill(int)} when fewer bytes are left than its longest record or line needs.
 *
 * <p>The array has {@code slack} spare bytes past its capacity that file data never fills, so a decoder may read a
 * few bytes past {@link #limit()} without a bounds check (and check its position against the limit afterwards) or
 * put a sentinel there.
 *
 * <p>The first reads are small, so that the refill path runs while the JIT profiles the decoder's loop: a path
 * first taken after the loop was compiled would send it back to the interpreter ("uncommon trap") for a
 * recompilation. Reads are positional: the channel's position is neither used nor changed.
 */
public final class ReadAheadBuffer {
  private static final int FIRST_READ = 4096;
  private static final int SMALL_READS = 8;

  private final FileChannel channel;
  private final int slack;
  private byte[] bytes;
  private int capacity;
  private int limit;
  private long offset;
  private boolean eof;
  private int reads;

  /**
   * A buffer that reads {@code channel} from {@code start}; empty until the first {@link #refill}.
   *
   * @param capacity bytes of file data it holds at most (it grows when a caller needs more at once)
   * @param slack spare bytes after the data that are never filled from the file
   */
  public ReadAheadBuffer(FileChannel channel, long start, int capacity, int slack) {
    if (capacity <= 0 || slack < 0 || start < 0) {
      throw new IllegalArgumentException("capacity " + capacity + ", slack " + slack + ", start " + start);
    }
    this.channel = channel;
    this.slack = slack;
    this.capacity = capacity;
    this.bytes = new byte[capacity + slack];
    this.offset = start;
  }

  /** The array; a new one after a {@link #refill} that had to grow it. */
  public byte[] bytes() {
    return bytes;
  }

  /** {@code bytes()[0, limit())} hold file data. */
  public int limit() {
    return limit;
  }

  /** The file offset of {@code bytes()[0]}. */
  public long offset() {
    return offset;
  }

  /** Whether a read reached the end of the file: no refill will add bytes. */
  public boolean eof() {
    return eof;
  }

  /**
   * Keeps the unread bytes {@code [p, limit())}, moved to the front of the array, and reads more after them until
   * the array is full or the file ends. When the unread bytes already fill the array, it doubles instead (a record or
   * line longer than the capacity).
   *
   * @return the new index of the byte that was at {@code p}: 0
   */
  public int refill(int p) throws IOException {
    if (p < 0 || p > limit) {
      throw new IndexOutOfBoundsException("position " + p + " outside [0, " + limit + "]");
    }
    int rest = limit - p;
    if (rest == capacity) {
      capacity = Math.multiplyExact(capacity, 2);
      byte[] grown = new byte[Math.addExact(capacity, slack)];
      System.arraycopy(bytes, p, grown, 0, rest);
      bytes = grown;
    } else {
      System.arraycopy(bytes, p, bytes, 0, rest);
    }
    offset += p;
    limit = rest;
    int want = capacity - limit;
    if (reads < SMALL_READS) {
      want = Math.min(want, FIRST_READ << reads);
      reads++;
    }
    ByteBuffer into = ByteBuffer.wrap(bytes, limit, want);
    while (into.hasRemaining()) {
      if (channel.read(into, offset + into.position()) < 0) {
        eof = true;
        break;
      }
    }
    limit = into.position();
    return 0;
  }
}
