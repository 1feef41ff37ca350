package dev.racekit.agent.instrument;

import dev.racekit.agent.rt.PcEntry;
import dev.racekit.agent.rt.PcTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The pcs that one rewrite of a class allocates, in order, with their entries: what the transform cache needs to
 * give a cached copy of the class pcs of its own in a later run.
 */
final class ClassPcs {
  private final PcTable table;
  private final List<PcEntry> entries = new ArrayList<>();
  private int[] pcs = new int[16];

  ClassPcs(PcTable table) {
    this.table = table;
  }

  int add(PcEntry e) {
    int pc = table.add(e);
    if (entries.size() == pcs.length) {
      pcs = java.util.Arrays.copyOf(pcs, pcs.length * 2);
    }
    pcs[entries.size()] = pc;
    entries.add(e);
    return pc;
  }

  /** Forgets what was recorded: a rewrite that is retried starts again (its pcs stay allocated, unused). */
  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }

  int pc(int i) {
    return pcs[i];
  }

  PcEntry entry(int i) {
    return entries.get(i);
  }
}
