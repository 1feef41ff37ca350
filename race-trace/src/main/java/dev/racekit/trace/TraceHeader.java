package dev.racekit.trace;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header of a binary trace: magic, version, flags, then the metadata pairs ({@link TraceFormat}).
 *
 * @param version the format version
 * @param metadata the key/value pairs, in file order
 * @param eventsStart the file offset of the first event record
 */
record TraceHeader(int version, Map<String, String> metadata, long eventsStart) {
  private static final int WINDOW = 1 << 16;

  /**
   * Reads the header at the start of {@code channel}.
   *
   * @throws TraceFormatException when it is not a binary trace of a supported version, or the header is damaged
   */
  static TraceHeader read(Path file, FileChannel channel, long fileSize) throws IOException {
    Reader h = new Reader(file, new ReadAheadBuffer(channel, 0, WINDOW, 0), fileSize);
    if (fileSize < TraceFormat.MAGIC.length || !Arrays.equals(h.bytes(TraceFormat.MAGIC.length), TraceFormat.MAGIC)) {
      throw new TraceFormatException(file + ": not a RaceKit binary trace (wrong magic bytes)");
    }
    int version = h.u8();
    if (version != TraceFormat.VERSION) {
      throw new TraceFormatException(file + ": binary trace version " + version + " is not supported (this RaceKit"
          + " reads version " + TraceFormat.VERSION + ")");
    }
    h.u8(); // flags
    long n = h.varint();
    Map<String, String> meta = new LinkedHashMap<>();
    for (long i = 0; i < n; i++) {
      meta.put(h.string(), h.string());
    }
    return new TraceHeader(version, Collections.unmodifiableMap(meta), h.position());
  }

  /** Sequential reads of the header, which is small and read once. */
  private static final class Reader {
    private final Path file;
    private final ReadAheadBuffer in;
    private final long end;
    private final Varint varint = new Varint();
    private int p;

    Reader(Path file, ReadAheadBuffer in, long end) {
      this.file = file;
      this.in = in;
      this.end = end;
    }

    long position() {
      return in.offset() + p;
    }

    /** Makes {@code n} bytes available at {@code p}, or as many as the file still holds. */
    private void ensure(int n) throws IOException {
      while (in.limit() - p < n && !in.eof()) {
        p = in.refill(p);
      }
    }

    int u8() throws IOException {
      ensure(1);
      if (p >= in.limit()) {
        throw new TraceFormatException(file + ": damaged trace: it ends at byte " + position() + " inside the header");
      }
      return in.bytes()[p++] & 0xff;
    }

    long varint() throws IOException {
      ensure(Varint.MAX_BYTES);
      try {
        p = varint.decode(in.bytes(), p, in.limit());
      } catch (Varint.Malformed e) {
        if (e.cutOff()) {
          throw new TraceFormatException(file + ": damaged trace: it ends at byte " + (in.offset() + in.limit())
              + " inside the header");
        }
        throw new TraceFormatException(file + ": damaged trace at byte " + (in.offset() + e.position()) + ": "
            + e.getMessage());
      }
      return varint.value();
    }

    byte[] bytes(int n) throws IOException {
      ensure(n);
      int got = Math.min(n, in.limit() - p);
      byte[] out = Arrays.copyOfRange(in.bytes(), p, p + got);
      p += got;
      if (got < n) {
        throw new TraceFormatException(file + ": damaged trace: it ends at byte " + position() + " inside the header");
      }
      return out;
    }

    String string() throws IOException {
      long n = varint();
      if (n < 0 || n > end - position()) {
        throw new TraceFormatException(file + ": damaged trace at byte " + position() + ": a string runs past the end");
      }
      return new String(bytes((int) n), StandardCharsets.UTF_8);
    }
  }
}
