package dev.racekit.bench;

import dev.racekit.RaceThread;
import java.util.SplittableRandom;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A pre-generated, repeatable stream of {@value #EVENTS} detector calls for one thread: about 70% 8-byte reads and
 * 20% 8-byte writes over {@value #WORDS} words, 10% funcEnter/funcExit (balanced, depth at most 16, back to 0 at the
 * end so the stream can be replayed), and a lock (acquire + release of the thread's own lock) every 100 events.
 * Every call is one event.
 */
final class MixedStream {
  static final int EVENTS = 10_000;
  static final int WORDS = 4096;
  static final int MAX_DEPTH = 16;

  static final byte READ = 0;
  static final byte WRITE = 1;
  static final byte ENTER = 2;
  static final byte EXIT = 3;
  static final byte ACQUIRE = 4;
  static final byte RELEASE = 5;

  final byte[] ops = new byte[EVENTS];
  /** Address (accesses), call-site pc (enter), lock address (acquire/release). */
  final long[] args = new long[EVENTS];
  /** Access pcs. */
  final long[] pcs = new long[EVENTS];
  /** For the baseline: the {@code long[]} slot each event touches. */
  final int[] slots = new int[EVENTS];

  /**
   * @param base the first of the stream's {@value #WORDS} words (8-byte aligned, mapped)
   * @param lock the thread's lock address (mapped, outside the words)
   */
  MixedStream(long base, long lock, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int depth = 0;
    for (int i = 0; i < EVENTS; i++) {
      int slot = rnd.nextInt(WORDS);
      slots[i] = slot;
      pcs[i] = Detectors.PC + 4L * rnd.nextInt(256);
      if (i % 100 == 98) {
        ops[i] = ACQUIRE;
        args[i] = lock;
        continue;
      }
      if (i % 100 == 99) {
        ops[i] = RELEASE;
        args[i] = lock;
        continue;
      }
      double r = rnd.nextDouble();
      if (r < 0.70) {
        ops[i] = READ;
        args[i] = base + 8L * slot;
      } else if (r < 0.90) {
        ops[i] = WRITE;
        args[i] = base + 8L * slot;
      } else if (depth == 0 || (depth < MAX_DEPTH && rnd.nextBoolean())) {
        ops[i] = ENTER;
        args[i] = Detectors.PC2 + 16L * rnd.nextInt(64);
        depth++;
      } else {
        ops[i] = EXIT;
        depth--;
      }
    }
    // Balance: turn the last reads into exits until the stack is empty again.
    for (int i = EVENTS - 1; depth > 0; i--) {
      if (ops[i] == READ) {
        ops[i] = EXIT;
        depth--;
      }
    }
  }

  /** Feeds the stream to a detector thread. */
  void run(RaceThread t) {
    byte[] o = ops;
    long[] a = args;
    long[] p = pcs;
    for (int i = 0; i < EVENTS; i++) {
      switch (o[i]) {
        case READ -> t.read(a[i], 8, p[i]);
        case WRITE -> t.write(a[i], 8, p[i]);
        case ENTER -> t.funcEnter(a[i]);
        case EXIT -> t.funcExit();
        case ACQUIRE -> t.acquire(a[i]);
        default -> t.release(a[i]);
      }
    }
  }

  /** The same dispatch with no detector: a plain store for a write, a plain read into the Blackhole otherwise. */
  void runBaseline(long[] mem, Blackhole bh) {
    byte[] o = ops;
    int[] s = slots;
    for (int i = 0; i < EVENTS; i++) {
      switch (o[i]) {
        case READ -> bh.consume(mem[s[i]]);
        case WRITE -> mem[s[i]] = i;
        case ENTER -> bh.consume(mem[s[i]]);
        case EXIT -> bh.consume(mem[s[i]]);
        case ACQUIRE -> bh.consume(mem[s[i]]);
        default -> bh.consume(mem[s[i]]);
      }
    }
  }

  int count(byte op) {
    int n = 0;
    for (byte o : ops) {
      if (o == op) {
        n++;
      }
    }
    return n;
  }
}
