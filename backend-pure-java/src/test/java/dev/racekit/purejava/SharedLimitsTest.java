package dev.racekit.purejava;


import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Constants besides the cell layout that both backends must share to decide alike, event for event: the history
 * ring's encoding and size, the slot quarantine, the stack limit and the freed-marker prefix.
 */
class SharedLimitsTest {
  private static NativeHeaders c;

  @BeforeAll
  static void readHeaders() {
    c = NativeHeaders.load();
  }

  @Test
  void historyEncoding() {
    c.assertSame("RK_HIST_ACCESS", "History.ACCESS", History.ACCESS);
    c.assertSame("RK_HIST_ENTER", "History.ENTER", History.ENTER);
    c.assertSame("RK_HIST_EXIT", "History.EXIT", History.EXIT);
    c.assertSame("RK_HIST_EPOCH", "History.EPOCH", History.EPOCH);
    c.assertSame("RK_HIST_KIND", "History.KIND", History.KIND);
    c.assertSame("RK_HIST_PAYLOAD", "History.PAYLOAD", History.PAYLOAD);
    c.assertSame("RK_HIST_LEN", "History.LEN", History.LEN);
  }

  @Test
  void historySize() {
    c.assertSame("RK_HISTORY_PARTS", "History.PARTS", History.PARTS);
    c.assertSame("RK_HISTORY_PART_LONGS", "History.PART_LONGS", History.PART_LONGS);
  }

  @Test
  void threadsAndSlots() {
    c.assertSame("RK_SLOT_QUARANTINE", "Slots.QUARANTINE", Slots.QUARANTINE);
    c.assertSame("RK_MAX_STACK", "Threads.MAX_STACK", Threads.MAX_STACK);
  }

  @Test
  void freedMarkerPrefix() {
    c.assertSame("RK_FREE_MARKED_PREFIX", "Shadow.FREE_MARKED_PREFIX", Shadow.FREE_MARKED_PREFIX);
  }
}
