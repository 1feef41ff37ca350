package dev.racekit.agent.instrument;

/** A fixture whose own int constant lies in the range of pcs: the transform cache must not store its rewrite. */
public class PcRangeConstant {
  private int value;

  public int next() {
    value += 0x2D00_0005;
    return value;
  }
}
