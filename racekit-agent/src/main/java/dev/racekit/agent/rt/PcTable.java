package dev.racekit.agent.rt;

import java.util.Arrays;

/**
 * Every code location the agent instruments, filled at transform time: a pc is an index into this table. Entries
 * are never removed (a class that is unloaded keeps its pcs; they cost a few dozen bytes each).
 */
public final class PcTable {
  /** pc 0: a location nobody knows. */
  public static final int UNKNOWN = 0;
  /** pc 1: {@code java.lang.Thread.start()}, the creation site of threads started by uninstrumented code. */
  public static final int THREAD_START = 1;

  private static final int CHUNK_BITS = 12;
  private static final int CHUNK = 1 << CHUNK_BITS;

  private volatile PcEntry[][] chunks = new PcEntry[16][];
  private int size;

  public PcTable() {
    add(new PcEntry("??", "??", "??", 0, 0));
    add(new PcEntry("java.lang.Thread", "start", "Thread.java", 0, 0));
  }

  /** Adds an entry and returns its pc. */
  public synchronized int add(PcEntry e) {
    int pc = size;
    PcEntry[][] c = chunks;
    int ci = pc >>> CHUNK_BITS;
    if (ci >= c.length) {
      c = Arrays.copyOf(c, c.length * 2);
    }
    if (c[ci] == null) {
      c[ci] = new PcEntry[CHUNK];
    }
    c[ci][pc & (CHUNK - 1)] = e;
    size = pc + 1;
    chunks = c; // publishes the entry
    return pc;
  }

  /** The entry of {@code pc}, or null when there is none. */
  public PcEntry get(long pc) {
    if (pc < 0 || pc >= Integer.MAX_VALUE) {
      return null;
    }
    PcEntry[][] c = chunks;
    int ci = (int) pc >>> CHUNK_BITS;
    if (ci >= c.length || c[ci] == null) {
      return null;
    }
    return c[ci][(int) pc & (CHUNK - 1)];
  }

  public synchronized int size() {
    return size;
  }
}
