package dev.racekit.trace;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Constants of the RaceKit binary trace format (version 1), which {@link RecordingDetector} writes and
 * {@link TraceReader} replays. The format is specified in {@code docs/trace-format.md}; in short:
 *
 * <pre>
 * header   magic (8 bytes) | version u8 | flags u8 | metadata: n, then n x (key, value) strings
 * events   records: op byte [thread id] operands..., until the END op
 * trailer  sections: kind u8, payload (SYMBOLS, NAMES, STATS), until kind 0
 * footer   offset of the trailer, u64 little-endian | footer magic (8 bytes)
 * </pre>
 *
 * Integers are unsigned LEB128 varints; addresses, pcs and sync addresses are zigzag deltas from the previous
 * one of their kind, so nearby values take one or two bytes.
 */
public final class TraceFormat {
  /** The first eight bytes of every trace: a non-ASCII byte, "RKT", CR LF, ^Z, LF (so text-mode damage shows). */
  static final byte[] MAGIC = {(byte) 0x89, 'R', 'K', 'T', '\r', '\n', 0x1a, '\n'};
  /** The last eight bytes of a trace that has a trailer. */
  static final byte[] FOOTER_MAGIC = {'R', 'K', 'T', 'E', 'N', 'D', '0', '1'};
  /** The format version this code writes and reads. */
  public static final int VERSION = 1;
  /** The file name extension used by the command-line tool. */
  public static final String EXTENSION = ".rktrace";

  // Event ops (the low 7 bits of a record's first byte).
  static final int END = 0x00;
  static final int MAP_SHADOW = 0x01;
  static final int START_THREAD = 0x02;
  static final int END_THREAD = 0x03;
  static final int JOIN = 0x04;
  static final int FUNC_ENTER = 0x05;
  static final int FUNC_EXIT = 0x06;
  static final int ACQUIRE = 0x07;
  static final int RELEASE = 0x08;
  static final int RELEASE_MERGE = 0x09;
  static final int IGNORE_BEGIN = 0x0a;
  static final int IGNORE_END = 0x0b;
  static final int MALLOC = 0x0c;
  static final int FREE = 0x0d;
  static final int READ_RANGE = 0x0e;
  static final int WRITE_RANGE = 0x0f;
  /** Sized accesses: base + log2(size), size 1, 2, 4 or 8. */
  static final int READ = 0x10;
  static final int WRITE = 0x14;
  static final int ATOMIC_READ = 0x18;
  static final int ATOMIC_WRITE = 0x1c;
  static final int LAST_OP = 0x1f;
  /** Set in a record's first byte when a thread id (varint) follows: the record's thread differs from the last. */
  static final int THREAD_FLAG = 0x80;

  // Trailer sections.
  static final int SECTION_END = 0;
  static final int SECTION_SYMBOLS = 1;
  static final int SECTION_NAMES = 2;
  static final int SECTION_STATS = 3;

  /** The longest event record: op, thread id (5), three 10-byte varints. */
  static final int MAX_RECORD = 1 + 5 + 3 * 10;

  private TraceFormat() {}

  /** Whether {@code file} starts with the binary trace magic (false when it is shorter or unreadable). */
  public static boolean isBinaryTrace(Path file) {
    try (InputStream in = new FileInputStream(file.toFile())) {
      return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether {@code file} starts almost like a binary trace: not with the magic, but with its first byte (0x89,
   * never the first byte of UTF-8 text) or with at least five of its eight bytes in place. Such a file is a binary
   * trace whose first bytes were damaged (a text-mode transfer, a bit flip), not an STD trace to parse as text.
   */
  public static boolean looksLikeDamagedBinaryTrace(Path file) {
    byte[] head;
    try (InputStream in = new FileInputStream(file.toFile())) {
      head = in.readNBytes(MAGIC.length);
    } catch (IOException e) {
      return false;
    }
    if (head.length == 0 || Arrays.equals(head, MAGIC)) {
      return false;
    }
    int same = 0;
    for (int i = 0; i < head.length; i++) {
      if (head[i] == MAGIC[i]) {
        same++;
      }
    }
    return head[0] == MAGIC[0] || same >= 5;
  }

  /** log2 of an access size already checked to be 1, 2, 4 or 8. */
  static int sizeCode(int size) {
    return Integer.numberOfTrailingZeros(size);
  }

  static String opName(int op) {
    switch (op) {
      case END: return "end";
      case MAP_SHADOW: return "mapShadow";
      case START_THREAD: return "startThread";
      case END_THREAD: return "end (thread)";
      case JOIN: return "join";
      case FUNC_ENTER: return "funcEnter";
      case FUNC_EXIT: return "funcExit";
      case ACQUIRE: return "acquire";
      case RELEASE: return "release";
      case RELEASE_MERGE: return "releaseMerge";
      case IGNORE_BEGIN: return "ignoreBegin";
      case IGNORE_END: return "ignoreEnd";
      case MALLOC: return "malloc";
      case FREE: return "free";
      case READ_RANGE: return "readRange";
      case WRITE_RANGE: return "writeRange";
      default:
        if (op >= READ && op <= LAST_OP) {
          String[] kinds = {"read", "write", "atomicRead", "atomicWrite"};
          return kinds[(op - READ) >> 2] + (1 << (op & 3));
        }
        return "op 0x" + Integer.toHexString(op);
    }
  }
}
