package dev.racekit.core.recording;

import dev.racekit.Frame;
import dev.racekit.RaceDetector;
import dev.racekit.RaceThread;
import dev.racekit.Symbolizer;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 *      RaceDetector d = RaceKit.builder().backend("java")
 *          .symbolizer(trace.symbolizer().orElse(Symbolizer.raw())).open()) {
 *   trace.replay(d, null, false);
 * }
 * }</pre>
 *
 * <p>Opening reads the header and the trailer (symbols and address names), so the symbolizer is ready before the
 * detector that prints reports is opened. {@link #replay} decodes the events in one pass over a large buffer and
 * calls the detector directly; it does not allocate per event.
 */
public final class TraceReader implements Closeable {
  private static final int BUFFER = 1 << 20;

  private final Path file;
  private final FileChannel channel;
  private final long fileSize;
  private final int version;
  private final Map<String, String> metadata;
  private final long eventsStart;
  private final Map<Long, List<Frame>> symbols;
  private final Map<Long, String> names;
  private final long[] stats = {-1, -1, -1}; // events, threads, locations from the trailer; -1 when absent
  private boolean replayed;

  // decoder state of replay()
  private byte[] buf;
  private int lim;
  private long bufStart; // file offset of buf[0]
  private boolean eof;
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
    Map<Long, List<Frame>> sym = new HashMap<>();
    Map<Long, String> nm = new TreeMap<>(Long::compareUnsigned);
    readTrailer(sym, nm);
    this.symbols = sym;
    this.names = Collections.unmodifiableMap(nm);
  }

  /**
   * Opens a binary trace and reads its header and trailer.
   *
   * @throws TraceFormatException when the file is not a binary trace of a supported version, or is damaged
   * @throws IOException when it cannot be read
   */
  public static TraceReader open(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
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

  /** Whether the trace carries frames for its pcs. */
  public boolean hasSymbols() {
    return !symbols.isEmpty();
  }

  /** A symbolizer over the frames stored in the trace; pcs it does not hold print as unknown. */
  public Symbolizer symbolizer() {
    Map<Long, List<Frame>> s = symbols;
    return pc -> s.getOrDefault(pc, List.of());
  }

  /** The names the recording gave to addresses, in address order. */
  public Map<Long, String> addressNames() {
    return names;
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
          if (cur == null) {
            throw damaged(start, "thread id " + curId + " refers to no thread");
          }
        }
        switch (op) {
          case TraceFormat.READ, TraceFormat.READ + 1, TraceFormat.READ + 2, TraceFormat.READ + 3 -> {
            p = varint(b, p);
            lastAddr += unzigzag(val);
            p = varint(b, p);
            lastPc += unzigzag(val);
            if (p > lim) {
              break;
            }
            if (pcs != null) {
              pcs.add(lastPc);
            }
            cur.read(lastAddr, 1 << (op & 3), lastPc);
          }
          case TraceFormat.WRITE, TraceFormat.WRITE + 1, TraceFormat.WRITE + 2, TraceFormat.WRITE + 3 -> {
            p = varint(b, p);
            lastAddr += unzigzag(val);
            p = varint(b, p);
            lastPc += unzigzag(val);
            if (p > lim) {
              break;
            }
            if (pcs != null) {
              pcs.add(lastPc);
            }
            cur.write(lastAddr, 1 << (op & 3), lastPc);
          }
          case TraceFormat.ATOMIC_READ, TraceFormat.ATOMIC_READ + 1, TraceFormat.ATOMIC_READ + 2,
              TraceFormat.ATOMIC_READ + 3 -> {
            p = varint(b, p);
            lastAddr += unzigzag(val);
            p = varint(b, p);
            lastPc += unzigzag(val);
            if (p > lim) {
              break;
            }
            if (pcs != null) {
              pcs.add(lastPc);
            }
            cur.atomicRead(lastAddr, 1 << (op & 3), lastPc);
          }
          case TraceFormat.ATOMIC_WRITE, TraceFormat.ATOMIC_WRITE + 1, TraceFormat.ATOMIC_WRITE + 2,
              TraceFormat.ATOMIC_WRITE + 3 -> {
            p = varint(b, p);
            lastAddr += unzigzag(val);
            p = varint(b, p);
            lastPc += unzigzag(val);
            if (p > lim) {
              break;
            }
            if (pcs != null) {
              pcs.add(lastPc);
            }
            cur.atomicWrite(lastAddr, 1 << (op & 3), lastPc);
          }
          case TraceFormat.ACQUIRE -> {
            p = varint(b, p);
            lastSync += unzigzag(val);
            if (p > lim) {
              break;
            }
            cur.acquire(lastSync);
          }
          case TraceFormat.RELEASE -> {
            p = varint(b, p);
            lastSync += unzigzag(val);
            if (p > lim) {
              break;
            }
            cur.release(lastSync);
          }
          case TraceFormat.RELEASE_MERGE -> {
            p = varint(b, p);
            lastSync += unzigzag(val);
            if (p > lim) {
              break;
            }
            cur.releaseMerge(lastSync);
          }
          case TraceFormat.FUNC_ENTER -> {
            p = varint(b, p);
            lastPc += unzigzag(val);
            if (p > lim) {
              break;
            }
            if (pcs != null) {
              pcs.add(lastPc);
            }
            cur.funcEnter(lastPc);
          }
          case TraceFormat.FUNC_EXIT -> cur.funcExit();
          case TraceFormat.READ_RANGE, TraceFormat.WRITE_RANGE -> {
            p = varint(b, p);
            lastAddr += unzigzag(val);
            p = varint(b, p);
            long len = val;
            p = varint(b, p);
            lastPc += unzigzag(val);
            if (p > lim) {
              break;
            }
            if (pcs != null) {
              pcs.add(lastPc);
            }
            if (op == TraceFormat.READ_RANGE) {
              cur.readRange(lastAddr, len, lastPc);
            } else {
              cur.writeRange(lastAddr, len, lastPc);
            }
          }
          case TraceFormat.MALLOC -> {
            p = varint(b, p);
            lastAddr += unzigzag(val);
            p = varint(b, p);
            if (p > lim) {
              break;
            }
            cur.malloc(lastAddr, val);
          }
          case TraceFormat.FREE -> {
            p = varint(b, p);
            lastAddr += unzigzag(val);
            p = varint(b, p);
            long len = val;
            p = varint(b, p);
            lastPc += unzigzag(val);
            if (p > lim) {
              break;
            }
            if (pcs != null) {
              pcs.add(lastPc);
            }
            cur.free(lastAddr, len, lastPc);
          }
          case TraceFormat.IGNORE_BEGIN -> cur.ignoreBegin();
          case TraceFormat.IGNORE_END -> cur.ignoreEnd();
          case TraceFormat.START_THREAD -> {
            p = varint(b, p);
            lastPc += unzigzag(val);
            if (p > lim) {
              break;
            }
            if (pcs != null) {
              pcs.add(lastPc);
            }
            RaceThread child = detector.startThread(cur, lastPc);
            if (threadCount == threads.length) {
              threads = Arrays.copyOf(threads, threadCount * 2);
            }
            threads[threadCount++] = child;
          }
          case TraceFormat.END_THREAD -> cur.end();
          case TraceFormat.JOIN -> {
            p = varint(b, p);
            if (p > lim) {
              break;
            }
            if (Long.compareUnsigned(val, threadCount) >= 0) {
              throw damaged(start, "join of unknown thread id " + Long.toUnsignedString(val));
            }
            cur.join(threads[(int) val]);
          }
          case TraceFormat.MAP_SHADOW -> {
            if (start != p - 1) {
              throw damaged(start, "mapShadow carries a thread id");
            }
            p = varint(b, p);
            long base = val;
            p = varint(b, p);
            if (p > lim) {
              break;
            }
            detector.mapShadow(base, val);
          }
          case TraceFormat.END -> complete = true;
          default -> throw damaged(start, "unknown event op 0x" + Integer.toHexString(op));
        }
        if (p > lim) {
          if (lenient) {
            break;
          }
          throw damaged(start, "the trace is cut off inside an event (was the recording closed?);"
              + " --lenient replays up to the cut");
        }
        if (complete) {
          break;
        }
        events++;
        if ((events & 0xFFFF) == 0 && progress != null) {
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
    ByteBuffer bb = ByteBuffer.wrap(buf, lim, BUFFER - lim);
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

  private void readTrailer(Map<Long, List<Frame>> sym, Map<Long, String> nm) throws IOException {
    if (fileSize < eventsStart + 1 + 16) {
      return;
    }
    ByteBuffer footer = ByteBuffer.allocate(16);
    channel.read(footer, fileSize - 16);
    byte[] f = footer.array();
    if (!Arrays.equals(Arrays.copyOfRange(f, 8, 16), TraceFormat.FOOTER_MAGIC)) {
      return; // a recording that was not closed: no trailer
    }
    long trailer = 0;
    for (int i = 7; i >= 0; i--) {
      trailer = (trailer << 8) | (f[i] & 0xff);
    }
    if (trailer <= eventsStart || trailer > fileSize - 16) {
      throw new TraceFormatException(file + ": damaged trace: the footer points outside the file");
    }
    HeaderDecoder d = new HeaderDecoder(trailer, fileSize - 16);
    while (true) {
      int kind = d.u8();
      if (kind == TraceFormat.SECTION_END) {
        return;
      }
      if (kind == TraceFormat.SECTION_SYMBOLS) {
        long n = d.varint();
        for (long i = 0; i < n; i++) {
          long pc = d.varint();
          long frames = d.varint();
          List<Frame> list = new ArrayList<>((int) Math.min(frames, 16));
          for (long k = 0; k < frames; k++) {
            String function = d.string();
            String source = d.string();
            int line = (int) d.varint();
            long offset = d.varint();
            list.add(new Frame(function, source, line, offset));
          }
          sym.put(pc, List.copyOf(list));
        }
      } else if (kind == TraceFormat.SECTION_STATS) {
        stats[0] = d.varint();
        stats[1] = d.varint();
        stats[2] = d.varint();
      } else if (kind == TraceFormat.SECTION_NAMES) {
        long n = d.varint();
        for (long i = 0; i < n; i++) {
          long addr = d.varint();
          nm.put(addr, d.string());
        }
      } else {
        throw new TraceFormatException(file + ": damaged trace: unknown trailer section " + kind);
      }
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
      if (n > end - pos) {
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
