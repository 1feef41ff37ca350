package dev.racekit.trace;

import dev.racekit.Frame;
import dev.racekit.RaceDetector;
import dev.racekit.RaceThread;
import dev.racekit.Symbolizer;
import java.io.Closeable;
import java.io.RandomAccessFile;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a binary trace ({@link TraceFormat}) and replays its events into a {@link RaceDetector}.
 *
 * <pre>{@code
 * try (TraceReader trace = TraceReader.open(Path.of("run.rktrace"));
 *      RaceDetector d = RaceKit.builder().backend("java").symbolizer(trace.symbolizer()).open()) {
 *   TraceReader.Result r = trace.replay(d, null, false);
 * }
 * }</pre>
 *
 * <p>Opening reads the header and finds the trailer, so the symbolizer exists before the detector that prints
 * reports is opened; the frames and names themselves are decoded on first use. {@link #replay} decodes the events in
 * one pass over a large buffer and calls the detector directly, with nothing allocated per event. (Decoding on a
 * second thread was measured slower on two processors: the decoder competes with the JIT compiler and the GC.)
 */
public final class TraceReader implements Closeable {
  private static final int BUFFER = 1 << 20;

  // operand shapes of the ops: which operands follow the op byte (and thread id)
  private static final int ADDR = 1;
  private static final int LEN = 2;
  private static final int PC = 4;
  private static final int SYNC = 8;
  private static final int TID = 16;
  private static final int NONE = 32;
  private static final int[] SHAPES = new int[128];
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** The low {@code n} bytes, n = 0..8. */
  private static final long[] BYTES_MASK = {0, 0xFFL, 0xFFFFL, 0xFF_FFFFL, 0xFFFF_FFFFL, 0xFF_FFFF_FFFFL,
      0xFFFF_FFFF_FFFFL, 0xFF_FFFF_FFFF_FFFFL, -1L};

  static {
    // sized accesses (READ..LAST_OP) have their own layout, decoded before the shapes are consulted
    SHAPES[TraceFormat.END] = NONE;
    SHAPES[TraceFormat.MAP_SHADOW] = NONE; // its operands are read in its case
    SHAPES[TraceFormat.START_THREAD] = PC;
    SHAPES[TraceFormat.END_THREAD] = NONE;
    SHAPES[TraceFormat.JOIN] = TID;
    SHAPES[TraceFormat.FUNC_ENTER] = PC;
    SHAPES[TraceFormat.FUNC_EXIT] = NONE;
    SHAPES[TraceFormat.ACQUIRE] = SYNC;
    SHAPES[TraceFormat.RELEASE] = SYNC;
    SHAPES[TraceFormat.RELEASE_MERGE] = SYNC;
    SHAPES[TraceFormat.IGNORE_BEGIN] = NONE;
    SHAPES[TraceFormat.IGNORE_END] = NONE;
    SHAPES[TraceFormat.MALLOC] = ADDR | LEN;
    SHAPES[TraceFormat.FREE] = ADDR | LEN | PC;
    SHAPES[TraceFormat.READ_RANGE] = ADDR | LEN | PC;
    SHAPES[TraceFormat.WRITE_RANGE] = ADDR | LEN | PC;
  }

  private final Path file;
  private final FileChannel channel;
  private final long fileSize;
  private final int version;
  private final Map<String, String> metadata;
  private final long eventsStart;
  private final long[] stats = {-1, -1, -1}; // events, threads, locations from the trailer; -1 when absent
  // the trailer's bytes and where its symbol and name sections start (-1: absent); decoded on first use
  private byte[] trailer;
  private int symbolsAt = -1;
  private int namesAt = -1;
  private Map<Long, List<Frame>> symbols;
  private Map<Long, String> names;
  private boolean replayed;

  // decoder state of replay()
  private byte[] buf;
  private int lim;
  private long bufStart; // file offset of buf[0]
  private boolean eof;
  private int reads;
  private long val;

  private TraceReader(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.fileSize = channel.size();
    HeaderDecoder h = new HeaderDecoder(0, fileSize);
    if (fileSize < TraceFormat.MAGIC.length || !Arrays.equals(h.bytes(TraceFormat.MAGIC.length), TraceFormat.MAGIC)) {
      throw new TraceFormatException(file + ": not a RaceKit binary trace (wrong magic bytes)");
    }
    this.version = h.u8();
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
    this.metadata = Collections.unmodifiableMap(meta);
    this.eventsStart = h.position();
    readTrailer();
  }

  /**
   * Opens a binary trace and reads its header and trailer.
   *
   * @throws TraceFormatException when the file is not a binary trace of a supported version, or is damaged
   * @throws IOException when it cannot be read
   */
  public static TraceReader open(Path file) throws IOException {
    // java.io's RandomAccessFile opens faster than NIO's Files in a fresh JVM, which matters for short replays
    FileChannel ch = new RandomAccessFile(file.toFile(), "r").getChannel();
    try {
      return new TraceReader(file, ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The trace's format version. */
  public int version() {
    return version;
  }

  /** The header's key/value pairs (for example {@code backend}, {@code options}, {@code source}). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Whether the trace has its trailer and footer (written when the recording is closed). Without them its symbols
   * and address names are lost: a recording that was not closed, or a file that was cut.
   */
  public boolean hasTrailer() {
    return trailer != null;
  }

  /** Whether the trace carries frames for its pcs. */
  public boolean hasSymbols() {
    return symbolsAt >= 0;
  }

  /**
   * A symbolizer over the frames stored in the trace; pcs it does not hold print as unknown. The frames are decoded
   * when the first pc is symbolized, so a replay that reports nothing never pays for them.
   */
  public Symbolizer symbolizer() {
    return pc -> symbols().getOrDefault(pc, List.of());
  }

  /** The names the recording gave to addresses, in address order (decoded on first use). */
  public synchronized Map<Long, String> addressNames() {
    if (names == null) {
      Map<Long, String> nm = new TreeMap<>(Long::compareUnsigned);
      if (namesAt >= 0) {
        try {
          Bytes d = new Bytes(trailer, namesAt);
          long n = d.varint();
          for (long i = 0; i < n; i++) {
            long addr = d.varint();
            nm.put(addr, d.string());
          }
        } catch (RuntimeException e) {
          nm.clear(); // a damaged name table: no names rather than a failure
        }
      }
      names = Collections.unmodifiableMap(nm);
    }
    return names;
  }

  private synchronized Map<Long, List<Frame>> symbols() {
    if (symbols == null) {
      Map<Long, List<Frame>> sym = new HashMap<>();
      if (symbolsAt >= 0) {
        try {
          decodeSymbols(sym);
        } catch (RuntimeException e) {
          sym.clear(); // a damaged symbol table: print raw pcs rather than fail the report
        }
      }
      symbols = sym;
    }
    return symbols;
  }

  private void decodeSymbols(Map<Long, List<Frame>> sym) {
    Bytes d = new Bytes(trailer, symbolsAt);
    long n = d.varint();
    for (long i = 0; i < n; i++) {
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
    }
  }


  /** Decodes varints and strings from a byte array whose bounds were checked when the trailer was read. */
  private static final class Bytes {
    private final byte[] b;
    private int p;

    Bytes(byte[] b, int p) {
      this.b = b;
      this.p = p;
    }

    long varint() {
      long x = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte y = b[p++];
        x |= (long) (y & 0x7f) << shift;
        if (y >= 0) {
          return x;
        }
      }
      throw new IllegalStateException("racekit: damaged trace trailer: a number longer than 10 bytes");
    }

    String string() {
      int n = (int) varint();
      String s = new String(b, p, n, StandardCharsets.UTF_8);
      p += n;
      return s;
    }
  }

  /** The size of the trace file in bytes. */
  public long fileSize() {
    return fileSize;
  }

  /** Receives the progress of a replay about every 65,536 events. */
  @FunctionalInterface
  public interface Progress {
    void update(long bytesRead, long totalBytes, long events);
  }

  /**
   * What a replay did.
   *
   * @param events the events replayed
   * @param threads the threads the trace created, main included
   * @param locations the distinct pcs of the events
   * @param complete whether the trace ended with its end marker (false: the recording was not closed)
   */
  public record Result(long events, int threads, long locations, boolean complete) {}

  /**
   * Replays every event into {@code detector}, whose main thread stands for the trace's main thread. Can be called
   * once per reader.
   *
   * @param progress told about the progress, or null
   * @param lenient when true, a trace cut off in the middle of an event (a recording that was not closed) replays up
   *     to the cut; otherwise that is an error. A trace that simply lacks its end marker replays in both modes
   *     ({@link Result#complete()} is false).
   * @throws TraceFormatException for a damaged trace, or an event the detector rejects (the message gives its
   *     offset); the events before it were replayed
   */
  public Result replay(RaceDetector detector, Progress progress, boolean lenient) throws IOException {
    return replay(detector, progress, lenient, ReplayLimits.NONE);
  }

  /**
   * {@link #replay(RaceDetector, Progress, boolean)} that refuses a trace which claims more than {@code limits}
   * allow (more mapped bytes, or more live threads): the claim is an error naming the limit, even when lenient,
   * before the detector allocates anything for it.
   */
  public Result replay(RaceDetector detector, Progress progress, boolean lenient, ReplayLimits limits)
      throws IOException {
    if (replayed) {
      throw new IllegalStateException("racekit: a TraceReader replays once; open the trace again");
    }
    replayed = true;
    buf = new byte[BUFFER + TraceFormat.MAX_RECORD + 16];
    bufStart = eventsStart;
    lim = 0;
    eof = false;
    channel.position(eventsStart);
    fill(0);

    RaceThread[] threads = new RaceThread[16];
    threads[0] = detector.mainThread();
    int threadCount = 1;
    int curId = 0;
    RaceThread cur = threads[0];
    int live = 1;
    long mapped = 0;
    long lastAddr = 0;
    long lastPc = 0;
    long lastSync = 0;
    long events = 0;
    // the trailer of a closed recording holds the number of distinct pcs; count them only without it
    LongHashSet pcs = stats[2] < 0 ? new LongHashSet() : null;
    boolean complete = false;
    byte[] b = buf;
    int p = 0;
    int start = 0;
    int op = 0;
    try {
      while (true) {
        if (lim - p < TraceFormat.MAX_RECORD && !eof) {
          p = fill(p);
          b = buf;
        }
        if (p >= lim) {
          break; // no end marker
        }
        start = p;
        op = b[p++];
        if (op < 0) {
          op &= 0x7f;
          p = varint(b, p);
          if (Long.compareUnsigned(val, threadCount) >= 0) {
            throw damaged(start, "unknown thread id " + Long.toUnsignedString(val));
          }
          curId = (int) val;
          cur = threads[curId];
        }
        if ((op >>> 4) == 1) {
          // a sized access (most events): lengths byte, then fixed-width little-endian zigzag deltas
          int lens = b[p];
          int la = (lens & 7) + 1;
          int lp = ((lens >>> 3) & 7) + 1;
          long za = (long) LONG_LE.get(b, p + 1) & BYTES_MASK[la];
          long zp = (long) LONG_LE.get(b, p + 1 + la) & BYTES_MASK[lp];
          p += 1 + la + lp;
          if (p > lim) {
            if (lenient) {
              break;
            }
            throw cutOff(start);
          }
          lastAddr += unzigzag(za);
          lastPc += unzigzag(zp);
          if (pcs != null) {
            pcs.add(lastPc);
          }
          int size = 1 << (op & 3);
          switch ((op >>> 2) & 3) {
            case 0 -> cur.read(lastAddr, size, lastPc);
            case 1 -> cur.write(lastAddr, size, lastPc);
            case 2 -> cur.atomicRead(lastAddr, size, lastPc);
            default -> cur.atomicWrite(lastAddr, size, lastPc);
          }
          events++;
          if (progress != null && (events & 0xFFFF) == 0) {
            progress.update(bufStart + p, fileSize, events);
          }
          continue;
        }
        int shape = SHAPES[op];
        if (shape == 0) {
          throw damaged(start, "unknown event op 0x" + Integer.toHexString(op));
        }
        // the operands, in record order: address, length, pc, sync address, thread id
        long len = 0;
        if ((shape & ADDR) != 0) {
          p = varint(b, p);
          lastAddr += unzigzag(val);
        }
        if ((shape & LEN) != 0) {
          p = varint(b, p);
          len = val;
        }
        if ((shape & PC) != 0) {
          p = varint(b, p);
          lastPc += unzigzag(val);
          if (pcs != null) {
            pcs.add(lastPc);
          }
        }
        if ((shape & SYNC) != 0) {
          p = varint(b, p);
          lastSync += unzigzag(val);
        }
        if ((shape & TID) != 0) {
          p = varint(b, p);
          len = val;
        }
        if (p > lim) {
          if (lenient) {
            break;
          }
          throw cutOff(start);
        }
        switch (op) {
          case TraceFormat.ACQUIRE -> cur.acquire(lastSync);
          case TraceFormat.RELEASE -> cur.release(lastSync);
          case TraceFormat.RELEASE_MERGE -> cur.releaseMerge(lastSync);
          case TraceFormat.FUNC_ENTER -> cur.funcEnter(lastPc);
          case TraceFormat.FUNC_EXIT -> cur.funcExit();
          case TraceFormat.READ_RANGE -> cur.readRange(lastAddr, len, lastPc);
          case TraceFormat.WRITE_RANGE -> cur.writeRange(lastAddr, len, lastPc);
          case TraceFormat.MALLOC -> cur.malloc(lastAddr, len);
          case TraceFormat.FREE -> cur.free(lastAddr, len, lastPc);
          case TraceFormat.IGNORE_BEGIN -> cur.ignoreBegin();
          case TraceFormat.IGNORE_END -> cur.ignoreEnd();
          case TraceFormat.START_THREAD -> {
            if (live >= limits.maxLiveThreads()) {
              throw overLimit(start, "more than " + limits.maxLiveThreads() + " threads alive at once");
            }
            RaceThread child = detector.startThread(cur, lastPc);
            live++;
            if (threadCount == threads.length) {
              threads = Arrays.copyOf(threads, threadCount * 2);
            }
            threads[threadCount++] = child;
          }
          case TraceFormat.END_THREAD -> {
            cur.end();
            live--;
          }
          case TraceFormat.JOIN -> {
            if (Long.compareUnsigned(len, threadCount) >= 0) {
              throw damaged(start, "join of unknown thread id " + Long.toUnsignedString(len));
            }
            cur.join(threads[(int) len]);
          }
          case TraceFormat.MAP_SHADOW -> {
            if (b[start] < 0) {
              throw damaged(start, "mapShadow carries a thread id");
            }
            p = varint(b, p);
            long base = val;
            p = varint(b, p);
            if (p > lim) {
              if (lenient) {
                break;
              }
              throw cutOff(start);
            }
            if (Long.compareUnsigned(val, limits.maxMappedBytes() - mapped) > 0) {
              throw overLimit(start, "mapShadow ranges of more than " + limits.maxMappedBytes() + " bytes in all (this"
                  + " one: " + Long.toUnsignedString(val) + " bytes at 0x" + Long.toHexString(base) + ")");
            }
            detector.mapShadow(base, val);
            mapped += val;
          }
          default -> complete = true; // END
        }
        if (complete || p > lim) {
          break;
        }
        events++;
        if (progress != null && (events & 0xFFFF) == 0) {
          progress.update(bufStart + p, fileSize, events);
        }
      }
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new TraceFormatException(file + ": event " + (events + 1) + " at byte " + (bufStart + start) + " ("
          + TraceFormat.opName(op) + " by thread " + curId + ") was rejected: " + e.getMessage(), e);
    } finally {
      buf = null;
    }
    if (progress != null) {
      progress.update(complete ? fileSize : bufStart + p, fileSize, events);
    }
    return new Result(events, threadCount, pcs != null ? pcs.size() : stats[2], complete);
  }

  private TraceFormatException overLimit(int start, String what) {
    return new TraceFormatException(file + ": refused at byte " + (bufStart + start) + ": the trace claims " + what
        + ", beyond the limit for a trace of " + fileSize + " bytes (see the limits in docs/trace-format.md;"
        + " racekit replay --no-limits, or ReplayLimits.NONE, trusts the trace)");
  }

  private TraceFormatException cutOff(int start) {
    return damaged(start, "the trace is cut off inside an event (was the recording closed?);"
        + " --lenient replays up to the cut");
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /**
   * Decodes the varint at {@code p} into {@link #val}; returns the position after it (maybe past lim). One to three
   * bytes, the usual lengths of deltas, are decoded without a loop.
   */
  private int varint(byte[] b, int p) throws TraceFormatException {
    long x = b[p];
    if (x >= 0) {
      val = x;
      return p + 1;
    }
    long y = b[p + 1];
    if (y >= 0) {
      val = (x & 0x7f) | (y << 7);
      return p + 2;
    }
    long z = b[p + 2];
    if (z >= 0) {
      val = (x & 0x7f) | ((y & 0x7f) << 7) | (z << 14);
      return p + 3;
    }
    return varintLong(b, p);
  }

  private int varintLong(byte[] b, int p) throws TraceFormatException {
    long x = 0;
    for (int shift = 0; ; shift += 7) {
      long y = b[p++];
      x |= (y & 0x7f) << shift;
      if (y >= 0) {
        val = x;
        return p;
      }
      if (shift >= 63) {
        throw damaged(p, "a number longer than 10 bytes");
      }
    }
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /** Moves the unread bytes from {@code p} to the front and reads more; returns the new position (0). */
  private int fill(int p) throws IOException {
    int rest = lim - p;
    System.arraycopy(buf, p, buf, 0, rest);
    bufStart += p;
    lim = rest;
    // The first reads are small, so that the refill path runs while the JIT profiles the loop: a path first taken
    // after the loop was compiled would send it back to the interpreter ("uncommon trap") for a recompilation.
    int want = Math.min(BUFFER - lim, Math.max(4096, reads++ < 8 ? 4096 << reads : BUFFER));
    ByteBuffer bb = ByteBuffer.wrap(buf, lim, want);
    while (bb.hasRemaining()) {
      int n = channel.read(bb);
      if (n < 0) {
        eof = true;
        break;
      }
    }
    lim = bb.position();
    return 0;
  }

  private TraceFormatException damaged(int at, String what) {
    return new TraceFormatException(file + ": damaged trace at byte " + (bufStart + at) + ": " + what);
  }

  /**
   * Reads the footer, then the trailer: its sections are kind, payload length, payload. STATS is decoded now; the
   * symbols and names are located and decoded on first use; sections of kinds this version does not know are skipped.
   */
  private void readTrailer() throws IOException {
    if (fileSize < eventsStart + 1 + 16) {
      return;
    }
    ByteBuffer footer = ByteBuffer.allocate(16);
    channel.read(footer, fileSize - 16);
    byte[] f = footer.array();
    if (!Arrays.equals(Arrays.copyOfRange(f, 8, 16), TraceFormat.FOOTER_MAGIC)) {
      return; // a recording that was not closed: no trailer
    }
    long at = 0;
    for (int i = 7; i >= 0; i--) {
      at = (at << 8) | (f[i] & 0xff);
    }
    long size = fileSize - 16 - at;
    if (at <= eventsStart || size < 1 || size > Integer.MAX_VALUE - 16) {
      throw new TraceFormatException(file + ": damaged trace: the footer points outside the file");
    }
    byte[] t = new byte[(int) size + 16]; // slack: a damaged varint reads zeros, not past the array
    ByteBuffer tb = ByteBuffer.wrap(t, 0, (int) size);
    while (tb.hasRemaining()) {
      if (channel.read(tb, at + tb.position()) < 0) {
        throw new TraceFormatException(file + ": damaged trace: the trailer is cut off");
      }
    }
    Bytes d = new Bytes(t, 0);
    try {
      readSections(t, size, d);
    } catch (RuntimeException e) {
      throw new TraceFormatException(file + ": damaged trace: the trailer cannot be read (" + e.getMessage() + ")", e);
    }
    trailer = t;
  }

  private void readSections(byte[] t, long size, Bytes d) throws TraceFormatException {
    while (true) {
      if (d.p >= size) {
        throw new TraceFormatException(file + ": damaged trace: the trailer has no end");
      }
      int kind = t[d.p++] & 0xff;
      if (kind == TraceFormat.SECTION_END) {
        break;
      }
      long len = d.varint();
      int payload = d.p;
      if (len > size - payload) {
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

  /** Sequential reads of the header and the trailer, which are small and read once. */
  private final class HeaderDecoder {
    private final ByteBuffer window = ByteBuffer.allocate(1 << 16);
    private long pos;
    private final long end;

    HeaderDecoder(long from, long end) {
      this.pos = from;
      this.end = end;
      window.limit(0);
    }

    long position() {
      return pos;
    }

    int u8() throws IOException {
      if (!window.hasRemaining()) {
        refill();
      }
      pos++;
      return window.get() & 0xff;
    }

    long varint() throws IOException {
      long x = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int y = u8();
        x |= (long) (y & 0x7f) << shift;
        if ((y & 0x80) == 0) {
          return x;
        }
      }
      throw new TraceFormatException(file + ": damaged trace at byte " + pos + ": a number longer than 10 bytes");
    }

    byte[] bytes(int n) throws IOException {
      byte[] out = new byte[n];
      for (int i = 0; i < n; i++) {
        out[i] = (byte) u8();
      }
      return out;
    }

    String string() throws IOException {
      long n = varint();
      if (n < 0 || n > end - pos) {
        throw new TraceFormatException(file + ": damaged trace at byte " + pos + ": a string runs past the end");
      }
      return new String(bytes((int) n), StandardCharsets.UTF_8);
    }

    private void refill() throws IOException {
      if (pos >= end) {
        throw new TraceFormatException(file + ": damaged trace: it ends at byte " + pos + " inside the "
            + (pos < eventsStartOrMax() ? "header" : "trailer"));
      }
      window.clear();
      window.limit((int) Math.min(window.capacity(), end - pos));
      while (window.hasRemaining()) {
        if (channel.read(window, pos + window.position()) < 0) {
          break;
        }
      }
      window.flip();
      if (!window.hasRemaining()) {
        throw new TraceFormatException(file + ": damaged trace: cannot read byte " + pos);
      }
    }
  }

  private long eventsStartOrMax() {
    return eventsStart == 0 ? Long.MAX_VALUE : eventsStart;
  }
}
