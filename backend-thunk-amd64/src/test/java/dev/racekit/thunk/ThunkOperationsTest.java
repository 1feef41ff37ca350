package dev.racekit.thunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.tck.Operation;
import dev.racekit.tck.OperationChecks;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * ThunkBindings binds one downcall per {@link Operation} and no other event; each difference is named.
 * ({@link ThunkBindingsHeaderTest} checks every binding against its C prototype.)
 */
class ThunkOperationsTest {
  /** The bindings that are not events: version and layout, lifecycle, queries, reports. */
  private static final Set<String> NON_EVENTS = Set.of("rk_abi_version", "rk_layout", "rk_open", "rk_close",
      "rk_shutdown", "rk_thread_release", "rk_main_thread", "rk_unmapped_count", "rk_shadow_resident_bytes",
      "rk_shadow_cells", "rk_thread_id", "rk_thread_clock_length", "rk_next_report");

  @Test
  void everyOperationIsBoundAndNoOtherEventIs() {
    Set<String> bound = new TreeSet<>(ThunkBindings.REGULAR.keySet());
    bound.addAll(ThunkBindings.CRITICAL.keySet());
    OperationChecks.assertFollowsTable("ThunkBindings", bound, Operation::thunkSymbol, NON_EVENTS);
  }

  @Test
  void theHotEventsAreCriticalDowncalls() {
    // The thunk backend exists for this: the per-access calls skip the JVM's thread-state transition.
    for (Operation op : Operation.values()) {
      if (op.thunkSymbol().startsWith("rk_thunk_")) {
        assertTrue(ThunkBindings.CRITICAL.containsKey(op.thunkSymbol()), op + " is bound as a regular downcall");
      }
    }
  }
}
