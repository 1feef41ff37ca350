package dev.racekit.trace;

import dev.racekit.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes a binary trace (see {@link TraceFormat}) into a buffer that is written out when full. Not thread-safe:
 * {@link RecordingDetector} serializes all calls.
 *
 * <p>Each event is written with {@link #event(int, int)} and its operands; {@link #rollback()} takes the last one
 * back out when the detector rejected the call. That always works because {@code event} makes room for a whole
 * record before writing its first byte, so no flush happens inside a record.
 */
final class TraceWriter {
  private final OutputStream out;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private long flushedBytes;
  private int lastThread;
  private long lastAddr;
  private long lastPc;
  private long lastSync;
  private long events;
  // the state saved by mark()
  private int markPos;
  private int markThread;
  private long markAddr;
  private long markPc;
  private long markSync;

  TraceWriter(OutputStream out) {
    this.out = out;
  }

  void header(Map<String, String> metadata) {
    for (byte b : TraceFormat.MAGIC) {
      buf[pos++] = b;
    }
    buf[pos++] = (byte) TraceFormat.VERSION;
    buf[pos++] = 0; // flags, reserved
    varint(metadata.size());
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      string(e.getKey());
      string(e.getValue());
    }
  }

  /** Saves the encoder state so that the event being started can be taken back. */
  private void mark() {
    ensure(TraceFormat.MAX_RECORD);
    markPos = pos;
    markThread = lastThread;
    markAddr = lastAddr;
    markPc = lastPc;
    markSync = lastSync;
    events++;
  }

  /** Takes back the last event started with {@link #event} or {@link #globalEvent}. */
  void rollback() {
    pos = markPos;
    lastThread = markThread;
    lastAddr = markAddr;
    lastPc = markPc;
    lastSync = markSync;
    events--;
  }

  /** Starts a record of {@code thread}; the thread id is written only when it differs from the last record's. */
  void event(int thread, int op) {
    mark();
    if (thread != lastThread) {
      buf[pos++] = (byte) (op | TraceFormat.THREAD_FLAG);
      varint(thread);
      lastThread = thread;
    } else {
      buf[pos++] = (byte) op;
    }
  }

  /** Starts a record that belongs to no thread (mapShadow). */
  void globalEvent(int op) {
    mark();
    buf[pos++] = (byte) op;
  }

  /**
   * The operands of a sized access: a lengths byte ({@code (la - 1) | (lp - 1) << 3}), then the zigzag deltas of the
   * address ({@code la} bytes) and the pc ({@code lp} bytes), little-endian. Fixed-width fields decode without the
   * data-dependent branches of varints, and accesses are most events.
   */
  void access(long addr, long pc) {
    long za = zigzag(addr - lastAddr);
    long zp = zigzag(pc - lastPc);
    lastAddr = addr;
    lastPc = pc;
    int la = byteLength(za);
    int lp = byteLength(zp);
    byte[] b = buf;
    int p = pos;
    b[p++] = (byte) ((la - 1) | ((lp - 1) << 3));
    for (int i = 0; i < la; i++) {
      b[p++] = (byte) (za >>> (8 * i));
    }
    for (int i = 0; i < lp; i++) {
      b[p++] = (byte) (zp >>> (8 * i));
    }
    pos = p;
  }

  /** Bytes needed for {@code v}, 1 to 8. */
  static int byteLength(long v) {
    return Math.max(1, (71 - Long.numberOfLeadingZeros(v)) >>> 3);
  }

  void addr(long addr) {
    varint(zigzag(addr - lastAddr));
    lastAddr = addr;
  }

  void pc(long pc) {
    varint(zigzag(pc - lastPc));
    lastPc = pc;
  }

  void sync(long sync) {
    varint(zigzag(sync - lastSync));
    lastSync = sync;
  }

  void varint(long v) {
    byte[] b = buf;
    int p = pos;
    while ((v & ~0x7FL) != 0) {
      b[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    pos = p;
  }

  long events() {
    return events;
  }

  /**
   * Writes the END op, the trailer sections and the footer, and flushes (the stream is not closed).
   *
   * @param symbols frames per pc, or null for none
   * @param names names per address, or null for none
   * @param threads the threads the trace created, main included
   * @param locations the distinct pcs of the events
   */
  void finish(Map<Long, List<Frame>> symbols, Map<Long, String> names, long threads, long locations) {
    ensure(1);
    buf[pos++] = TraceFormat.END;
    long trailer = flushedBytes + pos;
    Section stats = new Section();
    stats.varint(events);
    stats.varint(threads);
    stats.varint(locations);
    section(TraceFormat.SECTION_STATS, stats);
    if (symbols != null && !symbols.isEmpty()) {
      Section sym = new Section();
      sym.varint(symbols.size());
      for (Map.Entry<Long, List<Frame>> e : symbols.entrySet()) {
        sym.varint(e.getKey());
        sym.varint(e.getValue().size());
        for (Frame f : e.getValue()) {
          sym.string(f.function());
          sym.string(f.file());
          sym.varint(f.line() & 0xFFFFFFFFL);
          sym.varint(f.offset());
        }
      }
      section(TraceFormat.SECTION_SYMBOLS, sym);
    }
    if (names != null && !names.isEmpty()) {
      Section nm = new Section();
      nm.varint(names.size());
      for (Map.Entry<Long, String> e : names.entrySet()) {
        nm.varint(e.getKey());
        nm.string(e.getValue());
      }
      section(TraceFormat.SECTION_NAMES, nm);
    }
    ensure(1 + 16);
    buf[pos++] = TraceFormat.SECTION_END;
    for (int i = 0; i < 8; i++) {
      buf[pos++] = (byte) (trailer >>> (8 * i));
    }
    for (byte b : TraceFormat.FOOTER_MAGIC) {
      buf[pos++] = b;
    }
    flush();
  }

  /** A trailer section: kind, length of the payload, payload (so that a reader can skip what it does not know). */
  private void section(int kind, Section payload) {
    ensure(11);
    buf[pos++] = (byte) kind;
    varint(payload.size());
    bytes(payload.toByteArray());
  }

  /** A trailer section's payload being built. */
  private static final class Section extends java.io.ByteArrayOutputStream {
    void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      write((int) v);
    }

    void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varint(b.length);
      write(b, 0, b.length);
    }
  }

  private void bytes(byte[] bytes) {
    int off = 0;
    while (off < bytes.length) {
      if (pos == buf.length) {
        flushBuffer();
      }
      int n = Math.min(bytes.length - off, buf.length - pos);
      System.arraycopy(bytes, off, buf, pos, n);
      pos += n;
      off += n;
    }
  }

  private void string(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    ensure(10);
    varint(bytes.length);
    bytes(bytes);
  }

  private void ensure(int n) {
    if (buf.length - pos < n) {
      flushBuffer();
    }
  }

  private void flushBuffer() {
    try {
      out.write(buf, 0, pos);
    } catch (IOException e) {
      throw new UncheckedIOException("racekit: cannot write the recording", e);
    }
    flushedBytes += pos;
    pos = 0;
    markPos = 0; // a flush happens only between records, never inside one
  }

  /** Writes out the buffer and flushes the stream. */
  void flush() {
    flushBuffer();
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("racekit: cannot write the recording", e);
    }
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }
}
