package dev.racekit.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

  private static void same(String cName, String javaName, long javaValue) {
    assertEquals(c.value(cName, javaName), javaValue, javaName + " differs from the native core's " + cName);
  }

  @Test
  void historyEncoding() {
    same("RK_HIST_ACCESS", "History.ACCESS", History.ACCESS);
    same("RK_HIST_ENTER", "History.ENTER", History.ENTER);
    same("RK_HIST_EXIT", "History.EXIT", History.EXIT);
    same("RK_HIST_EPOCH", "History.EPOCH", History.EPOCH);
    same("RK_HIST_KIND", "History.KIND", History.KIND);
    same("RK_HIST_PAYLOAD", "History.PAYLOAD", History.PAYLOAD);
    same("RK_HIST_LEN", "History.LEN", History.LEN);
  }

  @Test
  void historySize() {
    same("RK_HISTORY_PARTS", "History.PARTS", History.PARTS);
    same("RK_HISTORY_PART_LONGS", "History.PART_LONGS", History.PART_LONGS);
  }

  @Test
  void threadsAndSlots() {
    same("RK_SLOT_QUARANTINE", "Slots.QUARANTINE", Slots.QUARANTINE);
    same("RK_MAX_STACK", "Threads.MAX_STACK", Threads.MAX_STACK);
  }

  @Test
  void freedMarkerPrefix() {
    same("RK_FREE_MARKED_PREFIX", "Shadow.FREE_MARKED_PREFIX", Shadow.FREE_MARKED_PREFIX);
  }
}
