package dev.racekit.agent.rt;

import dev.racekit.Frame;
import dev.racekit.Symbolizer;
import java.util.List;

/** Turns an agent pc into {@code pkg.Class.method()} / {@code File.java:LINE +0x<bci>}. */
public final class JavaSymbolizer implements Symbolizer {
  private final PcTable pcs;

  public JavaSymbolizer(PcTable pcs) {
    this.pcs = pcs;
  }

  @Override
  public List<Frame> symbolize(long pc) {
    PcEntry e = pc == PcTable.UNKNOWN ? null : pcs.get(pc);
    if (e == null) {
      return List.of(Frame.unknown(pc));
    }
    return List.of(new Frame(e.className + "." + e.methodName, e.file, e.line, e.bci));
  }
}
