package dev.racekit.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The detector's lifecycle and counters (race-native/src/detector.c; the native checks are in test_memory.c). */
class JavaBackendTest {
  @Test
  void unmappedAccessesAreCountedForLiveAndEndedThreads() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    JavaRaceThread c = t.start(m, 0x900);
    m.write(0x10, 0x1);
    c.read(0x20, 0x2);
    c.readRange(0x30, 16, 0x3);
    assertEquals(3, t.d.unmappedAccessCount());
    c.end();
    m.write(0x18, 0x4);
    assertEquals(4, t.d.unmappedAccessCount());
  }

  @Test
  void shadowBytesFollowWhatIsTouched() {
    TestDetector t = new TestDetector(0);
    long before = t.d.shadowMemoryBytes();
    t.main().write(TestDetector.BASE + 0x8000, 0x1);
    assertTrue(t.d.shadowMemoryBytes() > before);
  }

  @Test
  void closeEndsEveryThreadAndForgetsSyncObjects() {
    TestDetector t = new TestDetector(0);
    JavaRaceThread m = t.main();
    JavaRaceThread c = t.start(m, 0x900);
    m.release(0x42);
    t.d.close();
    t.d.close(); // twice is fine
    assertTrue(m.isEnded());
    assertTrue(c.isEnded());
    assertEquals(0, t.d.syncs.count());
    assertThrows(IllegalStateException.class, t.d::mainThread);
    assertThrows(IllegalStateException.class, () -> t.d.mapShadow(0x200000, 8));
    assertThrows(IllegalStateException.class, () -> t.d.startThread(m, 0x1));
  }
}
