package dev.racekit.cli;

import dev.racekit.Frame;
import dev.racekit.RaceDetector;
import dev.racekit.RaceThread;
import dev.racekit.trace.LongHashSet;
import dev.racekit.trace.ReadAheadBuffer;
import dev.racekit.trace.TraceReader;
import dev.racekit.Symbolizer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Replays an STD trace into a detector, in one pass, parsing bytes by hand.
 *
 * <p>STD is the text format of trace-analysis tools in the research literature: one event per line,
 * {@code thread|op(arg)|loc}. The mapping to detector events:
 * <ul>
 *   <li>{@code r(x)}, {@code w(x)}: an 8-byte read or write of variable {@code x} at pc {@code loc}. Each variable gets
 *       the next 8-byte word of a mapped range starting at {@link #VAR_BASE}, in order of first appearance.
 *   <li>{@code acq(l)}, {@code rel(l)}: acquire and release of lock {@code l}, a sync object at
 *       {@link #LOCK_BASE} + 8 × (its number in order of appearance).
 *   <li>{@code fork(u)}: starts thread {@code u} from the line's thread, created at pc {@code loc}.
 *       {@code join(u)}: ends {@code u} if it has not ended, then joins it. Threads that are never joined end at the
 *       end of the trace.
 *   <li>{@code begin}, {@code end}: function entry (call site {@code loc}) and exit. Some STD dialects use them as
 *       transaction markers; RaceKit treats them as calls, which only changes the stacks in reports.
 * </ul>
 * The first thread of the trace is the main thread. A thread that appears without having been forked is started
 * implicitly by the main thread at its first line (this orders the main thread's earlier events before it, so
 * traces should fork their threads explicitly). Empty lines and lines starting with {@code #} are skipped.
 *
 * <p>A line that does not parse, or whose event the trace's semantics reject (a join of an unknown thread, an
 * {@code end} without {@code begin}, a thread used after its join...), is an error naming the file, line number and
 * text; when lenient, such lines are skipped and counted instead, and change nothing.
 */
final class StdReplayer {
  /** The address of the first variable. */
  static final long VAR_BASE = 0x1000_0000L;
  /** The sync address of the first lock. */
  static final long LOCK_BASE = 0x7f00_0000_0000L;
  private static final long FIRST_CHUNK_VARS = 1 << 20;
  private static final int BUFFER = 4 << 20;
  private final int bufferSize;

  private static final int OP_R = 0;
  private static final int OP_W = 1;
  private static final int OP_ACQ = 2;
  private static final int OP_REL = 3;
  private static final int OP_FORK = 4;
  private static final int OP_JOIN = 5;
  private static final int OP_BEGIN = 6;
  private static final int OP_END = 7;

  private static final byte UNSEEN = 0;
  private static final byte LIVE = 1;
  private static final byte ENDED = 2;

  /** What a replay did. */
  record Result(long lines, long events, long skipped, String firstSkipped, int threads, int variables, int locks,
      long locations) {}

  private final Path file;
  private final String traceName;
  private final boolean lenient;
  private final NameTable threadNames = new NameTable();
  private final NameTable varNames = new NameTable();
  private final NameTable lockNames = new NameTable();
  private final LongHashSet locations = new LongHashSet();
  private final LockOwners locks = new LockOwners();
  private int maxLiveThreads = Integer.MAX_VALUE;
  private int liveThreads;
  private RaceThread[] threads = new RaceThread[16];
  private byte[] state = new byte[16];
  private int mainId = -1;
  private long mappedVars;
  private RaceDetector detector;

  // the fields of the line being parsed
  private int threadFrom;
  private int threadTo;
  private int threadHash;
  private long threadKey;
  private int op;
  private int argFrom;
  private int argTo;
  private int argHash;
  private long argKey;
  private long loc;

  StdReplayer(Path file, boolean lenient) {
    this(file, lenient, BUFFER);
  }

  /** With a chosen read buffer size; lines longer than the buffer make it grow. */
  StdReplayer(Path file, boolean lenient, int bufferSize) {
    this.bufferSize = bufferSize;
    this.file = file;
    this.traceName = file.getFileName().toString();
    this.lenient = lenient;
  }

  /** The frames of an STD pc: function {@code <trace>:<loc>}, file {@code <trace>}, line {@code loc}, offset 0. */
  static Symbolizer symbolizer(String traceName) {
    return pc -> List.of(new Frame(traceName + ":" + Long.toUnsignedString(pc), traceName,
        pc >= 0 && pc <= Integer.MAX_VALUE ? (int) pc : 0, 0));
  }

  /** The name of the variable or lock at {@code addr}, or null. */
  String nameOf(long addr) {
    long v = (addr - VAR_BASE) >>> 3;
    if (addr >= VAR_BASE && v < varNames.size()) {
      return varNames.name((int) v);
    }
    long l = (addr - LOCK_BASE) >>> 3;
    if (addr >= LOCK_BASE && l < lockNames.size()) {
      return lockNames.name((int) l);
    }
    return null;
  }

  int variableCount() {
    return varNames.size();
  }

  int lockCount() {
    return lockNames.size();
  }

  static long variableAddress(int id) {
    return VAR_BASE + 8L * id;
  }

  static long lockAddress(int id) {
    return LOCK_BASE + 8L * id;
  }

  String variableName(int id) {
    return varNames.name(id);
  }

  String lockName(int id) {
    return lockNames.name(id);
  }

  /**
   * Replays the whole trace into {@code d}, whose main thread becomes the trace's first thread.
   *
   * @param progress told how far the replay got, about every 65,536 lines; or null
   * @throws StdFormatException for the first bad line, unless lenient
   * @throws IOException when the file cannot be read
   */
  Result replay(RaceDetector d, TraceReader.Progress progress) throws IOException {
    this.detector = d;
    long lines = 0;
    long events = 0;
    long skipped = 0;
    String firstSkipped = null;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r"); FileChannel ch = raf.getChannel()) {
      long size = ch.size();
      // one spare byte past the data: room for the newline that ends a last line without one
      ReadAheadBuffer in = new ReadAheadBuffer(ch, 0, bufferSize, 1);
      byte[] b = in.bytes();
      int p = 0; // next line
      int linesEnd = 0; // the lines in b[p, linesEnd) are whole: each ends with '\n'
      long nextProgress = 1 << 16;
      while (true) {
        if (p >= linesEnd) {
          if (in.eof()) {
            break;
          }
          // keep the partial line, read more (the buffer grows for a line longer than it), find the last newline
          p = in.refill(p);
          b = in.bytes();
          int lim = in.limit();
          if (in.offset() == 0 && lim >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) {
            p = 3; // a UTF-8 byte order mark
          }
          int last = lim - 1;
          while (last >= p && b[last] != '\n') {
            last--;
          }
          if (in.eof() && last < lim - 1) {
            b[lim] = '\n'; // the last line has no newline: end it with a sentinel
            linesEnd = lim + 1;
          } else {
            linesEnd = last + 1;
          }
          continue;
        }
        lines++;
        int start = p;
        try {
          p = parse(b, p);
          if (op >= 0) {
            apply(b);
            events++;
          }
        } catch (LimitExceeded e) {
          throw new StdFormatException(file + ":" + lines + ": " + e.getMessage(), lines);
        } catch (BadLine e) {
          int end = start;
          while (b[end] != '\n') {
            end++;
          }
          String message = file + ":" + lines + ": " + e.getMessage() + ": " + quote(b, start, end);
          if (!lenient) {
            throw new StdFormatException(message, lines);
          }
          skipped++;
          if (firstSkipped == null) {
            firstSkipped = message;
          }
          p = end + 1;
        }
        if (progress != null && lines == nextProgress) {
          nextProgress += 1 << 16;
          progress.update(in.offset() + p, size, events);
        }
      }
      endRemainingThreads();
      if (progress != null) {
        progress.update(size, size, events);
      }
    }
    int threadCount = 0;
    for (int i = 0; i < threadNames.size(); i++) {
      if (state[i] != UNSEEN) {
        threadCount++;
      }
    }
    return new Result(lines, events, skipped, firstSkipped, threadCount, varNames.size(), lockNames.size(),
        locations.size());
  }

  /** Parses the line at {@code p} into the fields; {@code op} is -1 for a blank or comment line. */
  private int parse(byte[] b, int p) throws BadLine {
    byte c = b[p];
    if (c == '\n' || c == '#' || c == ' ' || c == '\t' || c == '\r') {
      int q = p;
      while (c == ' ' || c == '\t' || c == '\r') {
        c = b[++q];
      }
      if (c == '\n' || c == '#') { // a blank line or a comment
        while (b[q] != '\n') {
          q++;
        }
        op = -1;
        return q + 1;
      }
      c = b[p];
    }
    // thread
    int h = 0;
    long k = 0;
    int from = p;
    while ((c = b[p]) != '|') {
      if (c == '\n' || c == '(' || c == ')') {
        throw BadLine.of("expected thread|op(arg)|loc");
      }
      h = 31 * h + c;
      k = (k << 8) | (c & 0xff);
      p++;
    }
    if (p == from) {
      throw BadLine.of("empty thread name");
    }
    threadFrom = from;
    threadTo = p;
    threadHash = h;
    threadKey = NameTable.key(k, p - from);
    // operation
    from = ++p;
    while ((c = b[p]) != '(' && c != '|' && c != '\n') {
      p++;
    }
    int len = p - from;
    int o;
    if (len == 1) {
      o = b[from] == 'r' ? OP_R : b[from] == 'w' ? OP_W : -1;
    } else if (len == 3) {
      o = is(b, from, 'a', 'c', 'q') ? OP_ACQ : is(b, from, 'r', 'e', 'l') ? OP_REL
          : is(b, from, 'e', 'n', 'd') ? OP_END : -1;
    } else if (len == 4) {
      o = is(b, from, 'f', 'o', 'r') && b[from + 3] == 'k' ? OP_FORK
          : is(b, from, 'j', 'o', 'i') && b[from + 3] == 'n' ? OP_JOIN : -1;
    } else if (len == 5) {
      o = is(b, from, 'b', 'e', 'g') && b[from + 3] == 'i' && b[from + 4] == 'n' ? OP_BEGIN : -1;
    } else {
      o = -1;
    }
    if (o < 0) {
      throw BadLine.of(len == 0 ? "missing operation" : "unknown operation '" + printable(b, from, p)
          + "' (known: r, w, acq, rel, fork, join, begin, end)");
    }
    // argument
    if (c == '(') {
      h = 0;
      k = 0;
      from = ++p;
      while ((c = b[p]) != ')') {
        if (c == '\n' || c == '|' || c == '(') {
          throw BadLine.of("missing ')'");
        }
        h = 31 * h + c;
        k = (k << 8) | (c & 0xff);
        p++;
      }
      if (p == from && o < OP_BEGIN) {
        throw BadLine.of("empty argument");
      }
      argFrom = from;
      argTo = p;
      argHash = h;
      argKey = NameTable.key(k, p - from);
      c = b[++p];
    } else if (o < OP_BEGIN) {
      throw BadLine.of("missing '(' after the operation");
    }
    if (c != '|') {
      throw BadLine.of(c == '\n' ? "missing '|loc'" : "expected '|' after the operation");
    }
    // location: a non-negative decimal integer, then optional trailing blanks
    from = ++p;
    long v = 0;
    while ((c = b[p]) >= '0' && c <= '9') {
      if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
        throw BadLine.of("location out of range");
      }
      v = 10 * v + (c - '0');
      p++;
    }
    if (p == from) {
      throw BadLine.of(c == '\n' || c == '\r' ? "missing location" : "location is not a non-negative integer");
    }
    while (c == ' ' || c == '\t' || c == '\r') {
      c = b[++p];
    }
    if (c != '\n') {
      throw BadLine.of(c == '|' ? "too many fields" : "location is not a non-negative integer");
    }
    loc = v;
    op = o;
    return p + 1;
  }

  private static boolean is(byte[] b, int i, char x, char y, char z) {
    return b[i] == x && b[i + 1] == y && b[i + 2] == z;
  }

  /** Performs the parsed event; checks everything first, so that a rejected line changes nothing. */
  private void apply(byte[] b) throws BadLine {
    int tid = threadNames.intern(b, threadFrom, threadTo, threadHash, threadKey);
    growThreads(tid);
    RaceThread t;
    try {
      switch (op) {
        case OP_R, OP_W -> {
          t = thread(tid);
          int v = varNames.intern(b, argFrom, argTo, argHash, argKey);
          if (v >= mappedVars) {
            mapMore(v);
          }
          long addr = VAR_BASE + 8L * v;
          locations.add(loc);
          if (op == OP_R) {
            t.read(addr, 8, loc);
          } else {
            t.write(addr, 8, loc);
          }
        }
        case OP_ACQ -> {
          int l = lockNames.find(b, argFrom, argTo, argHash, argKey);
          int holder = l < 0 ? -1 : locks.holder(l);
          if (holder >= 0 && holder != tid) {
            throw BadLine.of("acq of lock " + printable(b, argFrom, argTo) + ", which thread "
                + Text.printable(threadNames.name(holder)) + " holds");
          }
          t = thread(tid);
          l = lockNames.intern(b, argFrom, argTo, argHash, argKey);
          t.acquire(LOCK_BASE + 8L * l);
          locks.acquired(l, tid);
        }
        case OP_REL -> {
          int l = lockNames.find(b, argFrom, argTo, argHash, argKey);
          int holder = l < 0 ? -1 : locks.holder(l);
          if (holder != tid) {
            throw BadLine.of("rel of lock " + printable(b, argFrom, argTo) + ", which thread "
                + Text.printable(threadNames.name(tid)) + " does not hold" + (holder < 0 ? " (no thread holds it)"
                    : " (thread " + Text.printable(threadNames.name(holder)) + " does)"));
          }
          thread(tid).release(LOCK_BASE + 8L * l);
          locks.released(l);
        }
        case OP_FORK -> {
          int c = threadNames.intern(b, argFrom, argTo, argHash, argKey);
          growThreads(c);
          if (c == tid) {
            throw BadLine.of("a thread cannot fork itself");
          }
          if (state[c] != UNSEEN) {
            throw BadLine.of("thread " + Text.printable(threadNames.name(c)) + " was already started"
                + " (forked before, or it had events before this fork)");
          }
          t = thread(tid);
          checkLiveLimit();
          threads[c] = detector.startThread(t, loc);
          state[c] = LIVE;
          liveThreads++;
          locations.add(loc);
        }
        case OP_JOIN -> {
          int c = threadNames.find(b, argFrom, argTo, argHash, argKey);
          if (c < 0 || c >= state.length || state[c] == UNSEEN) {
            throw BadLine.of("join of thread " + printable(b, argFrom, argTo) + ", which never ran");
          }
          if (c == tid) {
            throw BadLine.of("a thread cannot join itself");
          }
          t = thread(tid);
          if (state[c] == LIVE) {
            threads[c].end();
            state[c] = ENDED;
            liveThreads--;
          }
          t.join(threads[c]);
        }
        case OP_BEGIN -> {
          t = thread(tid);
          locations.add(loc);
          t.funcEnter(loc);
        }
        default -> thread(tid).funcExit();
      }
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw BadLine.of("rejected: " + e.getMessage());
    }
  }

  /** The thread for id {@code tid}, started implicitly from the main thread when it has not run yet. */
  private RaceThread thread(int tid) throws BadLine {
    byte s = state[tid];
    if (s == LIVE) {
      return threads[tid];
    }
    if (s == ENDED) {
      throw BadLine.of("thread " + Text.printable(threadNames.name(tid)) + " has events after it was joined");
    }
    if (mainId < 0) {
      mainId = tid;
      threads[tid] = detector.mainThread();
    } else {
      if (state[mainId] != LIVE) {
        throw BadLine.of("thread " + Text.printable(threadNames.name(tid))
            + " appears without a fork after the main thread ended");
      }
      checkLiveLimit();
      threads[tid] = detector.startThread(threads[mainId], loc);
    }
    state[tid] = LIVE;
    liveThreads++;
    return threads[tid];
  }

  /**
   * At most this many threads alive at once, main included (see {@code ReplayLimits}): beyond it the replay stops
   * with an error, even when lenient, because the limit protects the replayer rather than judging the trace.
   */
  void maxLiveThreads(int max) {
    this.maxLiveThreads = max;
  }

  private void checkLiveLimit() throws BadLine {
    if (liveThreads >= maxLiveThreads) {
      throw new LimitExceeded("the trace has more than " + maxLiveThreads + " threads alive at once, beyond the limit"
          + " for a trace of its size (see the limits in docs/trace-format.md; --no-limits trusts the trace)");
    }
  }

  private void growThreads(int id) {
    if (id >= threads.length) {
      int n = Math.max(id + 1, threads.length * 2);
      threads = Arrays.copyOf(threads, n);
      state = Arrays.copyOf(state, n);
    }
  }

  /** Maps the next range of variables: 2^20 of them, then as many again as are mapped, so ranges double. */
  private void mapMore(int v) {
    while (v >= mappedVars) {
      long n = Math.max(FIRST_CHUNK_VARS, mappedVars);
      detector.mapShadow(VAR_BASE + 8L * mappedVars, 8L * n);
      mappedVars += n;
    }
  }

  private void endRemainingThreads() {
    for (int i = 0; i < threadNames.size() && i < state.length; i++) {
      if (state[i] == LIVE && i != mainId) {
        threads[i].end();
        state[i] = ENDED;
      }
    }
  }

  /** A name or word of the line for a message: at most 80 bytes, control characters escaped. */
  private static String printable(byte[] b, int from, int to) {
    return Text.printable(new String(b, from, Math.min(to - from, 80), StandardCharsets.UTF_8));
  }

  /** The line's text for a message: at most 120 characters, control characters escaped. */
  static String quote(byte[] b, int from, int to) {
    String s = new String(b, from, to - from, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < s.length() && i < 120; i++) {
      char ch = s.charAt(i);
      if (ch < 0x20 || ch == 0x7f) {
        out.append(ch == '\r' ? "\\r" : ch == '\t' ? "\\t" : String.format("\\x%02x", (int) ch));
      } else {
        out.append(ch);
      }
    }
    if (s.length() > 120) {
      out.append("...");
    }
    return out.append('\'').toString();
  }

  /** A limit of the replayer that the trace exceeds: an error even when lenient. */
  static final class LimitExceeded extends BadLine {
    private static final long serialVersionUID = 1L;

    LimitExceeded(String message) {
      super(message);
    }
  }

  /** A bad line; preallocated messages would do, but bad lines are rare, so the cost is only the message. */
  static class BadLine extends Exception {
    private static final long serialVersionUID = 1L;

    private BadLine(String message) {
      super(message, null, false, false);
    }

    static BadLine of(String message) {
      return new BadLine(message);
    }
  }
}
