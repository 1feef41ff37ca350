package dev.racekit.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.racekit.AccessType;
import dev.racekit.RaceThread;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link TckBase#make}: the call a case's access makes, and the expectation it returns for a report. */
class MakeAccessTest {

  @ParameterizedTest
  @EnumSource(value = AccessType.class, names = {"READ", "WRITE", "ATOMIC_READ", "ATOMIC_WRITE"})
  void makesTheSizedAccessItsTypeNamesAndExpectsItWithTheCallSites(AccessType type) {
    LoggingRaceDetector d = new LoggingRaceDetector();
    RaceThread t = d.startThread(d.mainThread(), 0x5);
    TckBase.Access expected = TckBase.make(t, type, 0x1004, 4, 0x17, 0x20, 0x30);
    String method = switch (type) {
      case READ -> "read";
      case WRITE -> "write";
      case ATOMIC_READ -> "atomicRead";
      default -> "atomicWrite";
    };
    assertEquals(List.of("t1 = d.startThread(t0, 0x5)", "t1." + method + "(0x1004, 4, 0x17)"), d.calls());
    assertEquals(1, expected.thread());
    assertEquals(type, expected.type());
    assertEquals(0x1004, expected.addr());
    assertEquals(4, expected.size());
    assertArrayEquals(new long[] {0x17, 0x20, 0x30}, expected.stack());
  }

  @Test
  void refusesAFreeAndMakesNoCall() {
    LoggingRaceDetector d = new LoggingRaceDetector();
    RaceThread main = d.mainThread();
    assertThrows(IllegalArgumentException.class, () -> TckBase.make(main, AccessType.FREE, 0x1000, 8, 0x17));
    assertEquals(List.of(), d.calls());
  }
}
