package dev.racekit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a synthetic STD trace for benchmarks, the same for the same parameters and seed.
 *
 * <p>The main thread {@code T0} forks the workers {@code T1..}, which run in random bursts of 1 to 16 events, and
 * joins them at the end. Of the variables {@code V0..}, 90% are guarded by a lock ({@code V<i>} by
 * {@code L<i mod locks>}) and accessed only inside a critical section on it; 9% belong to one worker each; 1% are
 * accessed by every worker without a lock, and those are the races. A worker step is, when outside a critical
 * section: 8% acquire a free lock (then 1..8 accesses to its variables, then release), 4% begin and 4% end a function
 * (up to 16 deep), {@code racyPerMille}/1000 (default 0.1%) an access to a racy variable, and otherwise an access to
 * one of its own variables; 70% of the accesses are reads. Each variable has its own read and write location, so
 * the trace has about 2 × vars locations and the races are reported a bounded number of times.
 */
final class TraceGenerator {
  /** What to generate. */
  record Config(long events, int threads, int vars, int locks, int racyPerMille, long seed) {
    Config {
      if (racyPerMille < 0 || racyPerMille > 800) {
        throw new IllegalArgumentException("--racy must be in 0..800 (per mille of the worker steps)");
      }
      if (threads < 2) {
        throw new IllegalArgumentException("--threads must be at least 2 (the main thread and one worker)");
      }
      if (vars < 1 || locks < 1) {
        throw new IllegalArgumentException("--vars and --locks must be at least 1");
      }
      if (events < 2L * (threads - 1)) {
        throw new IllegalArgumentException("--events must be at least " + 2L * (threads - 1)
            + " for " + threads + " threads (a fork and a join per worker)");
      }
    }
  }

  private static final long LOC_READ = 1000;
  private static final long LOC_FORK = 10;
  private static final long LOC_JOIN = 500;
  private static final long LOC_LOCK = 1_000_000;
  private static final long LOC_FUNCTION = 2_000_000;
  private static final int FUNCTIONS = 64;
  private static final int MAX_DEPTH = 16;

  private final Config c;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private OutputStream out;

  TraceGenerator(Config config) {
    this.c = config;
  }

  /** Writes the trace; returns the number of events (lines) written. */
  long write(OutputStream sink) throws IOException {
    this.out = sink;
    SplittableRandom rnd = new SplittableRandom(c.seed());
    int workers = c.threads() - 1;
    // variable classes
    List<List<Integer>> guarded = new ArrayList<>();
    for (int l = 0; l < c.locks(); l++) {
      guarded.add(new ArrayList<>());
    }
    List<List<Integer>> local = new ArrayList<>();
    for (int w = 0; w <= workers; w++) {
      local.add(new ArrayList<>());
    }
    List<Integer> racy = new ArrayList<>();
    for (int v = 0; v < c.vars(); v++) {
      int k = v % 100;
      if (k < 90) {
        guarded.get(v % c.locks()).add(v);
      } else if (k < 99) {
        local.get(1 + v % workers).add(v);
      } else {
        racy.add(v);
      }
    }
    int[][] guardedOf = toArrays(guarded);
    int[][] localOf = toArrays(local);
    int[] racyVars = racy.stream().mapToInt(Integer::intValue).toArray();

    int[] holder = new int[c.locks()]; // worker holding each lock, 0 = free
    int[] inCs = new int[workers + 1];
    Arrays.fill(inCs, -1);
    int[] csLeft = new int[workers + 1];
    int[][] frames = new int[workers + 1][MAX_DEPTH];
    int[] depth = new int[workers + 1];
    int holding = 0;
    long written = 0;

    for (int w = 1; w <= workers; w++) {
      line(0, "fork", 'T', w, LOC_FORK + w);
      written++;
    }
    int cur = 1;
    int burst = 0;
    while (written < c.events() - workers - holding) {
      if (burst == 0) {
        cur = 1 + rnd.nextInt(workers);
        burst = 1 + rnd.nextInt(16);
      }
      burst--;
      int w = cur;
      if (inCs[w] >= 0) {
        int l = inCs[w];
        if (csLeft[w] > 0 && guardedOf[l].length > 0) {
          access(w, guardedOf[l][rnd.nextInt(guardedOf[l].length)], rnd);
          csLeft[w]--;
        } else {
          line(w, "rel", 'L', l, LOC_LOCK + 2L * l + 1);
          holder[l] = 0;
          inCs[w] = -1;
          holding--;
        }
        written++;
        continue;
      }
      int r = rnd.nextInt(1000);
      long room = c.events() - workers - holding - written; // events left before the releases and joins
      int[] own = localOf[w].length > 0 ? localOf[w] : racyVars;
      if ((r < 80 || own.length == 0) && room >= 2) { // an acquire needs room for its release too
        int l = rnd.nextInt(c.locks());
        if (holder[l] == 0) {
          line(w, "acq", 'L', l, LOC_LOCK + 2L * l);
          holder[l] = w;
          inCs[w] = l;
          csLeft[w] = 1 + rnd.nextInt(8);
          holding++;
          written++;
        }
        continue;
      }
      if (r >= 80 && r < 120 && depth[w] < MAX_DEPTH) {
        int f = rnd.nextInt(FUNCTIONS);
        frames[w][depth[w]++] = f;
        line(w, "begin", ' ', -1, LOC_FUNCTION + f);
      } else if (r >= 120 && r < 160 && depth[w] > 0) {
        int f = frames[w][--depth[w]];
        line(w, "end", ' ', -1, LOC_FUNCTION + FUNCTIONS + f);
      } else if (r >= 160 && r < 160 + c.racyPerMille() && racyVars.length > 0) {
        access(w, racyVars[rnd.nextInt(racyVars.length)], rnd);
      } else if (own.length > 0) {
        access(w, own[rnd.nextInt(own.length)], rnd);
      } else {
        continue; // nothing of its own to touch and no room for a critical section: let another worker run
      }
      written++;
    }
    for (int w = 1; w <= workers; w++) {
      if (inCs[w] >= 0) {
        line(w, "rel", 'L', inCs[w], LOC_LOCK + 2L * inCs[w] + 1);
        written++;
      }
    }
    for (int w = 1; w <= workers; w++) {
      line(0, "join", 'T', w, LOC_JOIN + w);
      written++;
    }
    flush();
    return written;
  }

  private void access(int w, int v, SplittableRandom rnd) throws IOException {
    boolean read = rnd.nextInt(10) < 7;
    line(w, read ? "r" : "w", 'V', v, LOC_READ + 2L * v + (read ? 0 : 1));
  }

  /** Writes {@code T<thread>|op(<prefix><arg>)|loc}; no argument when {@code arg < 0}. */
  private void line(int thread, String op, char prefix, long arg, long loc) throws IOException {
    if (buf.length - pos < 128) {
      flush();
    }
    buf[pos++] = 'T';
    number(thread);
    buf[pos++] = '|';
    for (int i = 0; i < op.length(); i++) {
      buf[pos++] = (byte) op.charAt(i);
    }
    if (arg >= 0) {
      buf[pos++] = '(';
      buf[pos++] = (byte) prefix;
      number(arg);
      buf[pos++] = ')';
    }
    buf[pos++] = '|';
    number(loc);
    buf[pos++] = '\n';
  }

  private void number(long v) {
    if (v == 0) {
      buf[pos++] = '0';
      return;
    }
    int start = pos;
    while (v > 0) {
      buf[pos++] = (byte) ('0' + v % 10);
      v /= 10;
    }
    for (int i = start, j = pos - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
  }

  private void flush() throws IOException {
    out.write(buf, 0, pos);
    pos = 0;
  }

  private static int[][] toArrays(List<List<Integer>> lists) {
    int[][] out = new int[lists.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }
}
