package dev.racekit.agent.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.racekit.Frame;
import java.util.List;
import org.junit.jupiter.api.Test;

class PcTableTest {
  @Test
  void sitePcsAreDenseFromFirstSiteAndSymbolizeToJavaFrames() {
    PcTable t = new PcTable();
    int first = t.add(new PcEntry("com.example.Counter", "increment", "Counter.java", 12, 5));
    int second = t.add(new PcEntry("com.example.Counter", "main", "Counter.java", 25, 0x30));
    assertEquals(PcTable.FIRST_SITE + 2, first, "pcs 0 and 1 are the fixed ones");
    assertEquals(first + 1, second);
    JavaSymbolizer s = new JavaSymbolizer(t);
    assertEquals(List.of(new Frame("com.example.Counter.increment", "Counter.java", 12, 5)), s.symbolize(first));
    assertEquals(List.of(new Frame("com.example.Counter.main", "Counter.java", 25, 0x30)), s.symbolize(second));
    assertEquals(List.of(new Frame("java.lang.Thread.start", "Thread.java", 0, 0)), s.symbolize(PcTable.THREAD_START));
  }

  @Test
  void unknownPcsPrintAsUnknownFrames() {
    JavaSymbolizer s = new JavaSymbolizer(new PcTable());
    assertEquals(List.of(Frame.unknown(0)), s.symbolize(0));
    assertEquals(List.of(Frame.unknown(99999)), s.symbolize(99999));
    assertEquals(List.of(Frame.unknown(-5)), s.symbolize(-5));
    assertEquals(List.of(Frame.unknown(2)), s.symbolize(2), "below FIRST_SITE only 0 and 1 exist");
    assertEquals(List.of(Frame.unknown(PcTable.FIRST_SITE + 2)), s.symbolize(PcTable.FIRST_SITE + 2), "not added yet");
    assertEquals(List.of(Frame.unknown(1L << 40)), s.symbolize(1L << 40));
  }

  @Test
  void tableGrowsPastManyChunks() {
    PcTable t = new PcTable();
    int last = 0;
    for (int i = 0; i < 200_000; i++) {
      last = t.add(new PcEntry("C", "m", "C.java", i, i));
    }
    assertEquals(PcTable.FIRST_SITE + 200_001, last);
    assertEquals(199_999, t.get(last).line);
    assertEquals(200_002, t.size());
  }
}
