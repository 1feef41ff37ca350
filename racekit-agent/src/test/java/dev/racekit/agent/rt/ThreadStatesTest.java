package dev.racekit.agent.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ThreadStatesTest {
  @Test
  void aThreadGetsItsOneStateBackUntilItEnds() {
    long id = 1L << 50; // far from the ids of this JVM's threads
    ThreadState first = ThreadStates.of(id);
    first.guard = true;
    ThreadState again = ThreadStates.of(id); // as after the thread's thread-locals were erased
    assertSame(first, again);
    assertEquals(id, again.threadId);
    ThreadStates.remove(id);
    ThreadState fresh = ThreadStates.of(id);
    assertNotSame(first, fresh);
    assertEquals(false, fresh.guard);
    ThreadStates.remove(id);
  }

  @Test
  void manyThreadsKeepTheirOwnStatesAcrossGrowthAndRemoval() {
    int before = ThreadStates.size();
    long base = 1L << 51;
    ThreadState[] states = new ThreadState[5000];
    for (int i = 0; i < states.length; i++) {
      states[i] = ThreadStates.of(base + i * 7L);
    }
    assertEquals(before + states.length, ThreadStates.size());
    for (int i = 0; i < states.length; i += 2) {
      ThreadStates.remove(base + i * 7L);
    }
    for (int i = 1; i < states.length; i += 2) {
      assertSame(states[i], ThreadStates.of(base + i * 7L), "thread " + i);
    }
    for (int i = 1; i < states.length; i += 2) {
      ThreadStates.remove(base + i * 7L);
    }
    assertEquals(before, ThreadStates.size());
  }
}
