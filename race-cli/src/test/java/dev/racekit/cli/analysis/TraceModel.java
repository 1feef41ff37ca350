package dev.racekit.cli.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A small trace as a list of events, for the oracle and paper tests; feeds an {@link Analysis} directly. */
public final class TraceModel {
  public enum Op { READ, WRITE, ACQ, REL, FORK, JOIN, ATOMIC_READ, ATOMIC_WRITE }

  /** One event; {@code arg} is the variable, lock or child thread. */
  public record Event(int thread, Op op, int arg) {
    public boolean access() {
      return op == Op.READ || op == Op.WRITE || atomic();
    }

    public boolean atomic() {
      return op == Op.ATOMIC_READ || op == Op.ATOMIC_WRITE;
    }

    public boolean write() {
      return op == Op.WRITE || op == Op.ATOMIC_WRITE;
    }
  }

  public final List<Event> events = new ArrayList<>();
  int threads = 1;

  TraceModel r(int t, int x) {
    return add(t, Op.READ, x);
  }

  TraceModel w(int t, int x) {
    return add(t, Op.WRITE, x);
  }

  TraceModel ar(int t, int x) {
    return add(t, Op.ATOMIC_READ, x);
  }

  TraceModel aw(int t, int x) {
    return add(t, Op.ATOMIC_WRITE, x);
  }

  TraceModel acq(int t, int l) {
    return add(t, Op.ACQ, l);
  }

  TraceModel rel(int t, int l) {
    return add(t, Op.REL, l);
  }

  TraceModel fork(int t, int c) {
    threads = Math.max(threads, c + 1);
    return add(t, Op.FORK, c);
  }

  TraceModel join(int t, int c) {
    return add(t, Op.JOIN, c);
  }

  private TraceModel add(int t, Op op, int arg) {
    events.add(new Event(t, op, arg));
    return this;
  }

  /**
   * Runs the trace through {@code analysis}; the pc of each access is its index in the trace. Returns, per event,
   * the index of the earlier access it was reported racing with, or -1 when it was not racy.
   */
  static int[] run(TraceModel m, String analysis) {
    return run(m, analysis, null);
  }

  /** As above, on {@code given} (an analysis built with this sink's reports going nowhere else) when not null. */
  static int[] run(TraceModel m, String analysis, java.util.function.Function<RaceSink, Analysis> given) {
    int[] partner = new int[m.events.size()];
    java.util.Arrays.fill(partner, -1);
    int[] current = {0};
    RaceSink sink = (var, t, write, pc, ot, ow, opc) -> {
      if (pc != current[0]) {
        throw new AssertionError("report for pc " + pc + " during event " + current[0]);
      }
      if (partner[current[0]] >= 0) {
        throw new AssertionError("event " + current[0] + " reported twice");
      }
      partner[current[0]] = (int) opc;
    };
    Analysis a = given != null ? given.apply(sink) : Analysis.create(analysis, sink);
    for (int i = 0; i < m.events.size(); i++) {
      current[0] = i;
      feed(a, m.events.get(i), i);
    }
    long racy = java.util.Arrays.stream(partner).filter(p -> p >= 0).count();
    if (racy != a.racyEvents()) {
      throw new AssertionError("racyEvents " + a.racyEvents() + " but " + racy + " reports");
    }
    return partner;
  }

  /** Hands event {@code e}, the trace's {@code i}-th, to the analysis; the pc of an access is {@code i}. */
  static void feed(Analysis a, Event e, int i) {
    switch (e.op()) {
      case READ -> a.access(e.thread(), e.arg(), false, i);
      case WRITE -> a.access(e.thread(), e.arg(), true, i);
      case ACQ -> a.acquire(e.thread(), e.arg());
      case REL -> a.release(e.thread(), e.arg());
      case FORK -> a.fork(e.thread(), e.arg());
      case JOIN -> a.join(e.thread(), e.arg());
      case ATOMIC_READ -> a.access(e.thread(), e.arg(), Analysis.ATOMIC_READ, i);
      case ATOMIC_WRITE -> a.access(e.thread(), e.arg(), Analysis.ATOMIC_WRITE, i);
    }
  }

  /**
   * A random well-formed trace: main forks the other threads (at random points), which take locks exclusively and
   * release them in LIFO order, access a few variables, and are joined by main once they are done.
   */
  public static TraceModel random(Random rnd, int maxThreads, int vars, int locks, int length, int writePercent) {
    return random(rnd, maxThreads, vars, locks, length, writePercent, 0);
  }

  /** As above, with {@code atomicPercent} of the accesses atomic. */
  static TraceModel random(Random rnd, int maxThreads, int vars, int locks, int length, int writePercent,
      int atomicPercent) {
    TraceModel m = new TraceModel();
    int n = 2 + rnd.nextInt(maxThreads - 1);
    boolean[] started = new boolean[n];
    boolean[] done = new boolean[n];
    started[0] = true;
    int[] holder = new int[locks];
    java.util.Arrays.fill(holder, -1);
    List<List<Integer>> held = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      held.add(new ArrayList<>());
    }
    int next = 1;
    for (int step = 0; step < length; step++) {
      int t = rnd.nextInt(n);
      if (!started[t] || done[t]) {
        if (t == next && rnd.nextInt(3) == 0) {
          m.fork(0, t);
          started[t] = true;
          next++;
        }
        continue;
      }
      int k = rnd.nextInt(100);
      List<Integer> h = held.get(t);
      if (k < 12) {
        int l = rnd.nextInt(locks);
        if (holder[l] < 0) {
          holder[l] = t;
          h.add(l);
          m.acq(t, l);
        }
      } else if (k < 26 && !h.isEmpty()) {
        int l = h.remove(h.size() - 1);
        holder[l] = -1;
        m.rel(t, l);
      } else if (k < 29 && t != 0 && h.isEmpty() && rnd.nextInt(4) == 0) {
        done[t] = true;
        m.join(0, t);
      } else {
        int x = rnd.nextInt(vars);
        boolean atomic = rnd.nextInt(100) < atomicPercent;
        if (rnd.nextInt(100) < writePercent) {
          m.add(t, atomic ? Op.ATOMIC_WRITE : Op.WRITE, x);
        } else {
          m.add(t, atomic ? Op.ATOMIC_READ : Op.READ, x);
        }
      }
    }
    for (int t = 0; t < n; t++) {
      List<Integer> h = held.get(t);
      while (!h.isEmpty()) {
        int l = h.remove(h.size() - 1);
        holder[l] = -1;
        m.rel(t, l);
      }
    }
    return m;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      b.append(i).append(": T").append(e.thread()).append(' ').append(e.op()).append(' ').append(e.arg()).append('\n');
    }
    return b.toString();
  }
}
