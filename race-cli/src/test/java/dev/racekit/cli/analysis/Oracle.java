package dev.racekit.cli.analysis;

import dev.racekit.cli.analysis.TraceModel.Event;
import dev.racekit.cli.analysis.TraceModel.Op;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Brute-force definitions of HB, SHB and WCP over a small trace: explicit predecessor sets computed from the
 * relations' rules (graph reachability and a fixpoint), with no vector clocks, to check the analyses against.
 */
public final class Oracle {
  private final List<Event> ev;
  private final int n;
  /** Per event, its direct HB predecessors (thread order, fork, join, each earlier release of an acquired lock). */
  private final List<List<Integer>> hbPreds = new ArrayList<>();
  /** Per event, the fork or join it must follow regardless of locks (WCP's hard edges). */
  private final List<List<Integer>> hardPreds = new ArrayList<>();
  /** Per event, the locks its thread holds at it (accesses only), and per event its section's acquire, or -1. */
  private final List<List<Integer>> sectionsOf = new ArrayList<>();
  /** Per acquire, its release (or -1); per release, its acquire. */
  private final int[] match;

  public Oracle(TraceModel m) {
    ev = m.events;
    n = ev.size();
    match = new int[n];
    java.util.Arrays.fill(match, -1);
    int[] last = new int[64];
    java.util.Arrays.fill(last, -1);
    List<List<Integer>> open = new ArrayList<>(); // per thread, the open acquires
    for (int t = 0; t < 64; t++) {
      open.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      Event e = ev.get(i);
      List<Integer> preds = new ArrayList<>();
      List<Integer> hard = new ArrayList<>();
      if (last[e.thread()] >= 0) {
        preds.add(last[e.thread()]);
      }
      if (e.op() == Op.ACQ) {
        for (int j = 0; j < i; j++) {
          if (ev.get(j).op() == Op.REL && ev.get(j).arg() == e.arg()) {
            preds.add(j);
          }
        }
        open.get(e.thread()).add(i);
      }
      if (e.op() == Op.REL) {
        List<Integer> o = open.get(e.thread());
        for (int k = o.size() - 1; k >= 0; k--) {
          if (ev.get(o.get(k)).arg() == e.arg()) {
            match[i] = o.get(k);
            match[o.get(k)] = i;
            o.remove(k);
            break;
          }
        }
      }
      if (e.op() == Op.JOIN && last[e.arg()] >= 0) {
        preds.add(last[e.arg()]);
        hard.add(last[e.arg()]);
      }
      List<Integer> secs = new ArrayList<>();
      if (e.access()) {
        secs.addAll(open.get(e.thread()));
      }
      hbPreds.add(preds);
      hardPreds.add(hard);
      sectionsOf.add(secs);
      last[e.thread()] = i;
      if (e.op() == Op.FORK) {
        last[e.arg()] = i; // the child's first event follows the fork
      }
    }
    // the fork is a hard predecessor of the child's first event
    boolean[] seen = new boolean[64];
    int[] forkOf = new int[64];
    java.util.Arrays.fill(forkOf, -1);
    for (int i = 0; i < n; i++) {
      Event e = ev.get(i);
      if (e.op() == Op.FORK) {
        forkOf[e.arg()] = i;
      } else if (!seen[e.thread()] && forkOf[e.thread()] >= 0) {
        hardPreds.get(i).add(forkOf[e.thread()]);
      }
      seen[e.thread()] = true;
    }
  }

  /** Conflicting accesses: one variable, at least one write; two atomic accesses never race. */
  private static boolean conflict(Event a, Event b) {
    return sectionConflict(a, b) && !(a.atomic() && b.atomic());
  }

  /** For WCP's rule (a) an atomic access conflicts like a plain one (more order: never a false race). */
  private static boolean sectionConflict(Event a, Event b) {
    return a.access() && b.access() && a.arg() == b.arg() && (a.write() || b.write());
  }

  /** Per event, the events ordered before it (reflexive) by HB, plus, with {@code schedulable}, SHB's lw edges. */
  private BitSet[] closure(boolean schedulable, BitSet[] beforeOwnLw) {
    BitSet[] before = new BitSet[n];
    int[] lastWrite = new int[256];
    java.util.Arrays.fill(lastWrite, -1);
    for (int i = 0; i < n; i++) {
      BitSet b = new BitSet();
      for (int p : hbPreds.get(i)) {
        b.or(before[p]);
      }
      Event e = ev.get(i);
      if (beforeOwnLw != null) {
        beforeOwnLw[i] = (BitSet) b.clone();
      }
      if (schedulable && e.access() && !e.write() && lastWrite[e.arg()] >= 0) {
        b.or(before[lastWrite[e.arg()]]);
      }
      if (e.access() && e.write()) {
        lastWrite[e.arg()] = i;
      }
      b.set(i);
      before[i] = b;
    }
    return before;
  }

  /** Per event, the earlier conflicting accesses of other threads it is not ordered after, by HB or SHB. */
  public List<BitSet> hbRaces(boolean schedulable) {
    BitSet[] checkAgainst = new BitSet[n];
    closure(schedulable, checkAgainst);
    List<BitSet> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(unordered(i, checkAgainst[i]));
    }
    return out;
  }

  private BitSet unordered(int i, BitSet before) {
    BitSet r = new BitSet();
    Event e = ev.get(i);
    if (e.access()) {
      for (int j = 0; j < i; j++) {
        Event f = ev.get(j);
        if (f.thread() != e.thread() && conflict(e, f) && !before.get(j)) {
          r.set(j);
        }
      }
    }
    return r;
  }

  /** Per event, the earlier conflicting accesses of other threads it is not WCP-ordered after. */
  public List<BitSet> wcpRaces() {
    BitSet[] hb = closure(false, null);
    BitSet[] wcp = new BitSet[n];
    for (int i = 0; i < n; i++) {
      wcp[i] = new BitSet();
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < n; i++) {
        BitSet w = (BitSet) wcp[i].clone();
        Event e = ev.get(i);
        for (int h : hardPreds.get(i)) {
          w.or(hb[h]);
        }
        // rule (a): a release of an earlier section of a held lock with an access conflicting with this one
        if (e.access()) {
          for (int acq2 : sectionsOf.get(i)) {
            int lock = ev.get(acq2).arg();
            for (int rel1 = 0; rel1 < acq2; rel1++) {
              Event r = ev.get(rel1);
              if (r.op() != Op.REL || r.arg() != lock) {
                continue;
              }
              for (int j = match[rel1] + 1; j < rel1; j++) {
                if (sectionConflict(ev.get(j), e) && ev.get(j).thread() == r.thread()
                    && sectionsOf.get(j).contains(match[rel1])) {
                  w.or(hb[rel1]);
                  break;
                }
              }
            }
          }
        }
        // rule (b): an earlier section of the lock by another thread whose acquire is ordered before this release
        if (e.op() == Op.REL) {
          for (int rel1 = 0; rel1 < i; rel1++) {
            Event r = ev.get(rel1);
            if (r.op() == Op.REL && r.arg() == e.arg() && r.thread() != e.thread() && w.get(match[rel1])) {
              w.or(hb[rel1]);
            }
          }
        }
        // right composition with HB (through the direct HB predecessors), then left composition
        for (int p : hbPreds.get(i)) {
          w.or(wcp[p]);
        }
        for (int j = w.nextSetBit(0); j >= 0; j = w.nextSetBit(j + 1)) {
          w.or(hb[j]);
        }
        if (!w.equals(wcp[i])) {
          wcp[i] = w;
          changed = true;
        }
      }
    }
    List<BitSet> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(unordered(i, wcp[i]));
    }
    return out;
  }
}
