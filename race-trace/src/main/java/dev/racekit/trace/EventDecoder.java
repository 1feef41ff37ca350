package dev.racekit.trace;

import dev.racekit.RaceDetector;
import dev.racekit.RaceThread;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Decodes the event records of a binary trace ({@link TraceFormat}) and calls the detector for each, in one pass
 * over a {@link ReadAheadBuffer}, with nothing allocated per event. (Decoding on a second thread was measured slower
 * on two processors: the decoder competes with the JIT compiler and the GC.)
 */
final class EventDecoder {
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
  private final long fileSize;
  /** The records; the slack lets a record be decoded past the limit before the cut-off check. */
  private final ReadAheadBuffer in;
  private final Varint varint = new Varint();

  EventDecoder(Path file, FileChannel channel, long eventsStart, long fileSize) {
    this.file = file;
    this.fileSize = fileSize;
    this.in = new ReadAheadBuffer(channel, eventsStart, BUFFER, TraceFormat.MAX_RECORD + 16);
  }

  /**
   * See {@link TraceReader#replay(RaceDetector, TraceReader.Progress, boolean, ReplayLimits)}.
   *
   * @param knownLocations the number of distinct pcs from the trailer, or -1 to count them while replaying
   */
  TraceReader.Result replay(RaceDetector detector, TraceReader.Progress progress, boolean lenient,
      ReplayLimits limits, long knownLocations) throws IOException {
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
    LongHashSet pcs = knownLocations < 0 ? new LongHashSet() : null;
    boolean complete = false;
    Varint v = varint;
    int p = in.refill(0);
    byte[] b = in.bytes();
    int lim = in.limit();
    int end = b.length; // varints may read into the slack; the record is checked against lim afterwards
    int start = 0;
    int op = 0;
    try {
      while (true) {
        if (lim - p < TraceFormat.MAX_RECORD && !in.eof()) {
          p = in.refill(p);
          b = in.bytes();
          lim = in.limit();
          end = b.length;
        }
        if (p >= lim) {
          break; // no end marker
        }
        start = p;
        op = b[p++];
        if (op < 0) {
          op &= 0x7f;
          p = v.decode(b, p, end);
          if (Long.compareUnsigned(v.value(), threadCount) >= 0) {
            throw damaged(start, "unknown thread id " + Long.toUnsignedString(v.value()));
          }
          curId = (int) v.value();
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
          if (p > lim && stopAtCut(start, lenient)) {
            break;
          }
          lastAddr += Varint.unzigzag(za);
          lastPc += Varint.unzigzag(zp);
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
            progress.update(in.offset() + p, fileSize, events);
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
          p = v.decode(b, p, end);
          lastAddr += Varint.unzigzag(v.value());
        }
        if ((shape & LEN) != 0) {
          p = v.decode(b, p, end);
          len = v.value();
        }
        if ((shape & PC) != 0) {
          p = v.decode(b, p, end);
          lastPc += Varint.unzigzag(v.value());
          if (pcs != null) {
            pcs.add(lastPc);
          }
        }
        if ((shape & SYNC) != 0) {
          p = v.decode(b, p, end);
          lastSync += Varint.unzigzag(v.value());
        }
        if ((shape & TID) != 0) {
          p = v.decode(b, p, end);
          len = v.value();
        }
        if (p > lim && stopAtCut(start, lenient)) {
          break;
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
            p = v.decode(b, p, end);
            long base = v.value();
            p = v.decode(b, p, end);
            long size = v.value();
            if (p > lim && stopAtCut(start, lenient)) {
              break; // out of the switch, then out of the loop below
            }
            if (Long.compareUnsigned(size, limits.maxMappedBytes() - mapped) > 0) {
              throw overLimit(start, "mapShadow ranges of more than " + limits.maxMappedBytes() + " bytes in all (this"
                  + " one: " + Long.toUnsignedString(size) + " bytes at 0x" + Long.toHexString(base) + ")");
            }
            detector.mapShadow(base, size);
            mapped += size;
          }
          default -> complete = true; // END
        }
        if (complete || p > lim) {
          break;
        }
        events++;
        if (progress != null && (events & 0xFFFF) == 0) {
          progress.update(in.offset() + p, fileSize, events);
        }
      }
    } catch (Varint.Malformed e) {
      throw damaged(e.position(), e.getMessage());
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new TraceFormatException(file + ": event " + (events + 1) + " at byte " + (in.offset() + start) + " ("
          + TraceFormat.opName(op) + " by thread " + curId + ") was rejected: " + e.getMessage(), e);
    }
    if (progress != null) {
      progress.update(complete ? fileSize : in.offset() + p, fileSize, events);
    }
    return new TraceReader.Result(events, threadCount, pcs != null ? pcs.size() : knownLocations, complete);
  }

  private TraceFormatException overLimit(int start, String what) {
    return new TraceFormatException(file + ": refused at byte " + (in.offset() + start) + ": the trace claims " + what
        + ", beyond the limit for a trace of " + fileSize + " bytes (see the limits in docs/trace-format.md;"
        + " racekit replay --no-limits, or ReplayLimits.NONE, trusts the trace)");
  }

  /** At a record the end of the file cut off: true (stop there) when lenient, else the error. */
  private boolean stopAtCut(int start, boolean lenient) throws TraceFormatException {
    if (lenient) {
      return true;
    }
    throw damaged(start, "the trace is cut off inside an event (was the recording closed?);"
        + " --lenient replays up to the cut");
  }

  private TraceFormatException damaged(int at, String what) {
    return new TraceFormatException(file + ": damaged trace at byte " + (in.offset() + at) + ": " + what);
  }
}
