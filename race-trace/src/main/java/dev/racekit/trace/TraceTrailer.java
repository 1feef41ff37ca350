package dev.racekit.trace;

import dev.racekit.Frame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trailer of a closed recording, found through the footer: its sections are kind, payload length, payload.
 * STATS is decoded when the trailer is read; the SYMBOLS and NAMES sections are only located, and decoded by
 * {@link #symbols()} and {@link #names()}; sections of kinds this version does not know are skipped.
 */
final class TraceTrailer {
  private static final int FOOTER = 16;

  private final byte[] bytes;
  private final long[] stats = {-1, -1, -1}; // events, threads, locations; -1 when absent
  private int symbolsAt = -1;
  private int namesAt = -1;

  private TraceTrailer(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Reads the footer, then the trailer it points to.
   *
   * @return null when the trace has no footer (a recording that was not closed, or a file that was cut)
   * @throws TraceFormatException when the footer points outside the file or the trailer is damaged
   */
  static TraceTrailer read(Path file, FileChannel channel, long fileSize, long eventsStart) throws IOException {
    if (fileSize < eventsStart + 1 + FOOTER) {
      return null;
    }
    ByteBuffer footer = ByteBuffer.allocate(FOOTER);
    channel.read(footer, fileSize - FOOTER);
    byte[] f = footer.array();
    if (!Arrays.equals(Arrays.copyOfRange(f, 8, FOOTER), TraceFormat.FOOTER_MAGIC)) {
      return null;
    }
    long at = 0;
    for (int i = 7; i >= 0; i--) {
      at = (at << 8) | (f[i] & 0xff);
    }
    long size = fileSize - FOOTER - at;
    if (at <= eventsStart || size < 1 || size > Integer.MAX_VALUE - 16) {
      throw new TraceFormatException(file + ": damaged trace: the footer points outside the file");
    }
    byte[] t = new byte[(int) size];
    ByteBuffer tb = ByteBuffer.wrap(t);
    while (tb.hasRemaining()) {
      if (channel.read(tb, at + tb.position()) < 0) {
        throw new TraceFormatException(file + ": damaged trace: the trailer is cut off");
      }
    }
    TraceTrailer trailer = new TraceTrailer(t);
    try {
      trailer.readSections(file);
    } catch (Varint.Malformed | RuntimeException e) {
      throw new TraceFormatException(file + ": damaged trace: the trailer cannot be read (" + e.getMessage() + ")", e);
    }
    return trailer;
  }

  private void readSections(Path file) throws TraceFormatException, Varint.Malformed {
    Cursor d = new Cursor(bytes, 0);
    while (true) {
      if (d.p >= bytes.length) {
        throw new TraceFormatException(file + ": damaged trace: the trailer has no end");
      }
      int kind = bytes[d.p++] & 0xff;
      if (kind == TraceFormat.SECTION_END) {
        break;
      }
      long len = d.varint();
      int payload = d.p;
      if (len > bytes.length - payload) {
        throw new TraceFormatException(file + ": damaged trace: trailer section " + kind + " runs past the end");
      }
      if (kind == TraceFormat.SECTION_STATS) {
        stats[0] = d.varint();
        stats[1] = d.varint();
        stats[2] = d.varint();
      } else if (kind == TraceFormat.SECTION_SYMBOLS) {
        symbolsAt = payload;
      } else if (kind == TraceFormat.SECTION_NAMES) {
        namesAt = payload;
      } // else: a section of a later version, skipped
      d.p = payload + (int) len;
    }
  }

  /** The number of distinct pcs the recording saw, or -1 when the trailer has no STATS section. */
  long locations() {
    return stats[2];
  }

  boolean hasSymbols() {
    return symbolsAt >= 0;
  }

  /** The frames of each pc; empty when there is no SYMBOLS section or it is damaged (reports then print raw pcs). */
  Map<Long, List<Frame>> symbols() {
    Map<Long, List<Frame>> sym = new HashMap<>();
    return decodeEntries(symbolsAt, sym, d -> {
      long pc = d.varint();
      long count = d.varint();
      List<Frame> list = new ArrayList<>((int) Math.min(count, 16));
      for (long k = 0; k < count; k++) {
        String function = d.string();
        String source = d.string();
        int line = (int) d.varint();
        long offset = d.varint();
        list.add(new Frame(function, source, line, offset));
      }
      sym.put(pc, List.copyOf(list));
    });
  }

  /** The names of addresses, in unsigned address order; empty when there is no NAMES section or it is damaged. */
  Map<Long, String> names() {
    Map<Long, String> nm = new TreeMap<>(Long::compareUnsigned);
    return decodeEntries(namesAt, nm, d -> nm.put(d.varint(), d.string()));
  }

  /** Reads one entry of a section into the caller's map. */
  private interface Entry {
    void read(Cursor d) throws Varint.Malformed;
  }

  /**
   * Decodes the section at {@code at} (-1: absent), a count then that many entries, into {@code into}; a damaged
   * section leaves it empty: reports print raw pcs and no names rather than fail.
   */
  private <M extends Map<?, ?>> M decodeEntries(int at, M into, Entry entry) {
    if (at < 0) {
      return into;
    }
    try {
      Cursor d = new Cursor(bytes, at);
      long n = d.varint();
      for (long i = 0; i < n; i++) {
        entry.read(d);
      }
    } catch (Varint.Malformed | RuntimeException e) {
      into.clear();
    }
    return into;
  }

  /** Varints and strings from the trailer's bytes, never read past its end. */
  private static final class Cursor {
    private final byte[] b;
    private final Varint varint = new Varint();
    private int p;

    Cursor(byte[] b, int p) {
      this.b = b;
      this.p = p;
    }

    long varint() throws Varint.Malformed {
      p = varint.decode(b, p, b.length);
      return varint.value();
    }

    String string() throws Varint.Malformed {
      long n = varint();
      if (n < 0 || n > b.length - p) {
        throw new IllegalStateException("a string runs past the end");
      }
      String s = new String(b, p, (int) n, StandardCharsets.UTF_8);
      p += (int) n;
      return s;
    }
  }
}
