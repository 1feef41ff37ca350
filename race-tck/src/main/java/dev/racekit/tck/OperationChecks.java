package dev.racekit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Assertions that another list of events follows the {@link Operation} table, naming each difference. */
public final class OperationChecks {
  private OperationChecks() {}

  /**
   * Asserts that {@code list} (what a binding, a header or a format declares, by name) has the name that
   * {@code nameOf} gives every operation, and that each other name in it is one of {@code nonEvents}. The failure
   * names the operations that are missing and the names that are neither events nor known non-events.
   *
   * @param where what {@code list} is, for the failure message ({@code "racekit.h"}, {@code "JniNative"})
   */
  public static void assertFollowsTable(String where, Set<String> list, Function<Operation, String> nameOf,
      Set<String> nonEvents) {
    Set<String> missing = new TreeSet<>();
    Set<String> events = new TreeSet<>();
    for (Operation op : Operation.values()) {
      String name = nameOf.apply(op);
      events.add(name);
      if (!list.contains(name)) {
        missing.add(op + " -> " + name);
      }
    }
    assertEquals(Set.of(), missing, "operations of the table that " + where + " does not have");
    Set<String> unknown = new TreeSet<>(list);
    unknown.removeAll(events);
    unknown.removeAll(nonEvents);
    assertEquals(Set.of(), unknown, where + " has names that are neither an operation of the table nor a known "
        + "non-event");
  }
}
