package dev.racekit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.racekit.RaceThread;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoggingRaceDetectorTest {

  @Test
  void writesDownEveryCallAsCode() {
    LoggingRaceDetector d = new LoggingRaceDetector();
    RaceThread main = d.mainThread();
    d.mapShadow(0x1000, 64);
    RaceThread t = d.startThread(main, 0x5);
    t.write(0x1008, 0x6);
    t.funcEnter(0x7);
    t.readRange(0x1000, 16, 0x8);
    t.funcExit();
    t.end();
    main.join(t);
    main.malloc(0x1000, 8);
    assertEquals(List.of("d.mapShadow(0x1000, 0x40)", "t1 = d.startThread(t0, 0x5)", "t1.write(0x1008, 1, 0x6)",
        "t1.funcEnter(0x7)", "t1.readRange(0x1000, 16, 0x8)", "t1.funcExit()", "t1.end()", "t0.join(t1)",
        "t0.malloc(0x1000, 8)"), d.calls());
    assertEquals(7, d.threadEventCount());
  }

  @Test
  void rejectsWhatEveryBackendRejects() {
    LoggingRaceDetector d = new LoggingRaceDetector();
    RaceThread main = d.mainThread();
    assertThrows(IllegalStateException.class, main::funcExit);
    assertThrows(IllegalStateException.class, main::ignoreEnd);
    RaceThread t = d.startThread(main, 1);
    assertThrows(IllegalStateException.class, () -> main.join(t));
    assertThrows(IllegalArgumentException.class, () -> main.join(main));
    assertThrows(IllegalArgumentException.class, () -> main.join(new LoggingRaceDetector().mainThread()));
    t.end();
    assertThrows(IllegalStateException.class, () -> t.read(8, 8, 1));
    d.close();
    assertThrows(IllegalStateException.class, () -> main.write(8, 8, 1));
    assertEquals(List.of("t1 = d.startThread(t0, 0x1)", "t1.end()"), d.calls(), "rejected calls are not logged");
  }

  @Test
  void countsWithoutKeepingWhenAsked() {
    LoggingRaceDetector d = new LoggingRaceDetector().keepThreadEvents(false);
    for (int i = 0; i < 1000; i++) {
      d.mainThread().write(8L * i, 8, i);
    }
    assertEquals(List.of(), d.calls());
    assertEquals(1000, d.threadEventCount());
    assertEquals("t0.write(0x1f38, 8, 0x3e7)", d.lastThreadEvent().toString());
  }
}
