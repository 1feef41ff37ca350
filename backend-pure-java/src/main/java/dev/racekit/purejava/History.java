package dev.racekit.purejava;

import dev.racekit.AccessType;
import java.util.Arrays;

/**
 * A thread's bounded event history (race-native/src/history.c): accesses with their pcs, function entries and exits,
 * and epoch changes, so the stack of an earlier access can be rebuilt when it turns out to race.
 *
 * <p>The ring is four parts of {@code 2048 << history_size} longs. Each part starts with a snapshot of the call stack
 * and the epoch, so a replay can begin at the oldest part still present; when a part is reused, its events are lost
 * and the stacks of accesses made there can no longer be restored.
 *
 * <p>Events: an access is three longs ({@code ACCESS | type << 48 | len}, pc, addr); an entry two ({@code ENTER},
 * pc); an exit one ({@code EXIT}); an epoch change one ({@code EPOCH | epoch}).
 */
final class History {
  static final int PARTS = 4;
  /** Longs per part at history_size 0; each step of history_size doubles it. */
  static final int PART_LONGS = 2048;
  static final long ACCESS = 1L << 60;
  static final long ENTER = 2L << 60;
  static final long EXIT = 3L << 60;
  static final long EPOCH = 4L << 60;
  static final long KIND = 0xFL << 60;
  static final long PAYLOAD = (1L << 60) - 1;
  static final long LEN = (1L << 48) - 1;
  private static final int FIRST_ARRAY = 64;

  private final int partLen;
  private final long[][] parts = new long[PARTS][];
  private final long[] partEpoch = new long[PARTS];
  private final long[][] partStack = new long[PARTS][];
  private final int[] partEnd = new int[PARTS];
  private long[] part;
  private int room; // part.length: events fit while pos + n <= room
  private int cur;
  private int pos;
  private long started;

  History(int historySize, long epoch) {
    this.partLen = PART_LONGS << historySize;
    startPart(0, new long[0], 0, epoch);
  }

  void access(AccessType type, long addr, long len, long pc, long[] stack, int depth, long epoch) {
    if (pos + 3 > room) {
      makeRoom(3, stack, depth, epoch);
    }
    long[] p = part;
    p[pos] = ACCESS | ((long) type.ordinal() << 48) | len;
    p[pos + 1] = pc;
    p[pos + 2] = addr;
    pos += 3;
  }

  void enter(long pc, long[] stack, int depth, long epoch) {
    if (pos + 2 > room) {
      makeRoom(2, stack, depth, epoch);
    }
    part[pos] = ENTER;
    part[pos + 1] = pc;
    pos += 2;
  }

  void exit(long[] stack, int depth, long epoch) {
    if (pos + 1 > room) {
      makeRoom(1, stack, depth, epoch);
    }
    part[pos++] = EXIT;
  }

  /** Records that the thread's epoch is now {@code epoch}; the stack is passed in case a new part starts. */
  void epoch(long[] stack, int depth, long epoch) {
    if (pos + 1 > room) {
      makeRoom(1, stack, depth, epoch);
    }
    // Written even at the start of a part: a replay that began in an earlier part reads epochs only from events.
    part[pos++] = EPOCH | epoch;
  }

  /**
   * Starts the next part when the event does not fit in this one; otherwise grows the part's array, which starts
   * small so that a short-lived thread costs little garbage. Only allocation differs: which events a part holds,
   * and so which stacks can be restored, depends on {@code partLen} alone, as in the native core.
   */
  private void makeRoom(int n, long[] stack, int depth, long epoch) {
    if (pos + n > partLen) {
      nextPart(stack, depth, epoch);
      if (pos + n <= room) {
        return;
      }
    }
    part = Arrays.copyOf(part, Math.min(partLen, Math.max(part.length * 2, pos + n)));
    parts[cur] = part;
    room = part.length;
  }

  private void nextPart(long[] stack, int depth, long epoch) {
    partEnd[cur] = pos;
    startPart((cur + 1) % PARTS, stack, depth, epoch);
  }

  private void startPart(int index, long[] stack, int depth, long epoch) {
    cur = index;
    if (parts[index] == null) {
      parts[index] = new long[Math.min(partLen, FIRST_ARRAY)];
    }
    part = parts[index];
    room = part.length;
    partEpoch[index] = epoch;
    partStack[index] = Arrays.copyOf(stack, depth);
    pos = 0;
    started++;
  }

  /**
   * The stack (innermost first) of the last access of {@code type} made at {@code epoch} that covered all of
   * {@code [byteAddr, byteAddr + size)}, or null when that part of the history is gone.
   */
  long[] restore(long epoch, long byteAddr, int size, AccessType type) {
    int count = (int) Math.min(started, PARTS);
    int oldest = started > PARTS ? (cur + 1) % PARTS : 0;
    if (partEpoch[oldest] > epoch) {
      return null;
    }
    long[] stack = partStack[oldest].clone();
    int depth = stack.length;
    long e = partEpoch[oldest];
    long[] found = null;
    for (int k = 0; k < count; k++) {
      int index = (oldest + k) % PARTS;
      long[] p = parts[index];
      int end = index == cur ? pos : partEnd[index];
      int i = 0;
      while (i < end) {
        long h = p[i];
        long kind = h & KIND;
        if (kind == ACCESS) {
          long len = h & LEN;
          int t = (int) ((h >>> 48) & 0xF);
          long pc = p[i + 1];
          long addr = p[i + 2];
          if (e == epoch && t == type.ordinal() && Long.compareUnsigned(byteAddr - addr, len) < 0
              && Long.compareUnsigned(byteAddr + size - 1 - addr, len) < 0) {
            found = innermostFirst(pc, stack, depth);
          }
          i += 3;
        } else if (kind == ENTER) {
          if (depth == stack.length) {
            stack = Arrays.copyOf(stack, Math.max(8, depth * 2));
          }
          stack[depth++] = p[i + 1];
          i += 2;
        } else if (kind == EXIT) {
          if (depth > 0) {
            depth--;
          }
          i++;
        } else {
          e = h & PAYLOAD;
          if (e > epoch) {
            return found;
          }
          i++;
        }
      }
    }
    return found;
  }

  /** Longs per part: what decides which events a part holds. */
  int partLen() {
    return partLen;
  }

  /** Parts started so far, the first one included. */
  long started() {
    return started;
  }

  /** Parts whose array exists: they are allocated on first use. */
  int partsAllocated() {
    int n = 0;
    for (long[] p : parts) {
      n += p == null ? 0 : 1;
    }
    return n;
  }

  /** {@code pc} followed by the call sites of {@code stack[0..depth)}, innermost first. */
  static long[] innermostFirst(long pc, long[] stack, int depth) {
    long[] out = new long[depth + 1];
    out[0] = pc;
    for (int i = 0; i < depth; i++) {
      out[i + 1] = stack[depth - 1 - i];
    }
    return out;
  }
}
