package dev.racekit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InternalThreadsTest {
  @Test
  void aThreadMadeHereIsKnownAsRaceKitsOwnAndRunsItsTask() throws InterruptedException {
    AtomicBoolean sawItself = new AtomicBoolean();
    Thread t = InternalThreads.newThread(() -> sawItself.set(InternalThreads.isInternal(Thread.currentThread())),
        "racekit-test");
    assertEquals("racekit-test", t.getName());
    assertFalse(t.isDaemon() && !Thread.currentThread().isDaemon(), "daemon only when the caller makes it one");
    t.start();
    t.join();
    assertTrue(sawItself.get());
  }

  @Test
  void otherThreadsAreNot() throws InterruptedException {
    assertFalse(InternalThreads.isInternal(Thread.currentThread()));
    assertFalse(InternalThreads.isInternal(new Thread(() -> {}, "racekit-lookalike")));
    assertFalse(InternalThreads.isInternal(null));
  }
}
