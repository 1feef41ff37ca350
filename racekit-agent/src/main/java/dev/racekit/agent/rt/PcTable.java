package dev.racekit.agent.rt;

import java.util.Arrays;

/**
 * Every code location the agent instruments, filled at transform time. Entries are never removed (a class that is
 * unloaded keeps its pcs; they cost a few dozen bytes each). The two fixed pcs are 0 and 1; an instrumented
 * location's pc is {@link #FIRST_SITE} plus its index here.
 */
public final class PcTable {
  /** pc 0: a location nobody knows. */
  public static final int UNKNOWN = 0;
  /** pc 1: {@code java.lang.Thread.start()}, the creation site of threads started by uninstrumented code. */
  public static final int THREAD_START = 1;

  /**
   * Where instrumented locations' pcs start, and how many there can be. High, so that the bytecode loads every pc from
   * a constant pool entry of its own (never BIPUSH/SIPUSH), and an odd range that a class's own int constants
   * practically never fall in (unlike powers of two and MAX_VALUE): the transform cache moves a cached class to new
   * pcs by rewriting those entries (TransformCache), and does not store a class whose own constants fall in it.
   */
  public static final int FIRST_SITE = 0x2D00_0000;
  public static final int MAX_SITES = 1 << 26;

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
    int i = size;
    if (i >= MAX_SITES) {
      throw new IllegalStateException("pc table full (" + MAX_SITES + " instrumented locations)");
    }
    PcEntry[][] c = chunks;
    int ci = i >>> CHUNK_BITS;
    if (ci >= c.length) {
      c = Arrays.copyOf(c, c.length * 2);
    }
    if (c[ci] == null) {
      c[ci] = new PcEntry[CHUNK];
    }
    c[ci][i & (CHUNK - 1)] = e;
    size = i + 1;
    chunks = c; // publishes the entry
    return i <= THREAD_START ? i : FIRST_SITE + i;
  }

  /** The entry of {@code pc}, or null when there is none. */
  public PcEntry get(long pc) {
    long i = pc >= FIRST_SITE ? pc - FIRST_SITE : pc;
    if (i < 0 || i >= MAX_SITES || (pc < FIRST_SITE && pc > THREAD_START)) {
      return null;
    }
    PcEntry[][] c = chunks;
    int ci = (int) i >>> CHUNK_BITS;
    if (ci >= c.length || c[ci] == null) {
      return null;
    }
    return c[ci][(int) i & (CHUNK - 1)];
  }

  public synchronized int size() {
    return size;
  }
}
