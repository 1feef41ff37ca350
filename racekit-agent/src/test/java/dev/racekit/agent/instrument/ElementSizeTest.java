package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.objectweb.asm.Opcodes.*;

import org.junit.jupiter.api.Test;

class ElementSizeTest {
  @Test
  void loadsAndStoresOfEachElementTypeGetItsJavaSize() {
    int[][] opcodeAndSize = {
      {IALOAD, 4}, {LALOAD, 8}, {FALOAD, 4}, {DALOAD, 8}, {AALOAD, 8}, {BALOAD, 1}, {CALOAD, 2}, {SALOAD, 2},
    };
    for (int[] e : opcodeAndSize) {
      assertEquals(e[1], MethodInstrumenter.elementSize(e[0] - IALOAD), "load opcode " + e[0]);
      int store = IASTORE + (e[0] - IALOAD);
      assertEquals(e[1], MethodInstrumenter.elementSize(store - IASTORE), "store opcode " + store);
    }
  }
}
