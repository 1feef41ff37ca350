package dev.racekit.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceDetector;
import dev.racekit.RaceThread;
import dev.racekit.tck.diff.Event;
import dev.racekit.tck.diff.EventReplayer;
import dev.racekit.tck.diff.EventStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The API, the differential suite's events and the C header follow {@link Operation}: each difference is named. */
class OperationTableTest {
  /** The {@link RaceDetector} methods that are not events: configuration, queries, listeners, lifecycle. */
  private static final Set<String> DETECTOR_NON_EVENTS = Set.of("backendName", "options", "mainThread",
      "unmappedAccessCount", "shadowMemoryBytes", "reportCount", "addListener", "removeListener", "close");
  /** The C core's entry points that are not events: version and layout, lifecycle, queries, reports. */
  private static final Set<String> C_NON_EVENTS = Set.of("rk_abi_version", "rk_layout", "rk_open", "rk_shutdown",
      "rk_close", "rk_main_thread", "rk_shadow_cells", "rk_unmapped_count", "rk_shadow_resident_bytes",
      "rk_thread_id", "rk_thread_clock_length", "rk_thread_release", "rk_next_report");
  private static final Path CORE_HEADER = Path.of("../race-native/include/racekit.h");
  private static final Pattern ENTRY = Pattern.compile("(?m)^RK_API\\s+[\\w\\s*]*?\\b(rk_\\w+)\\s*\\(");

  @Test
  void everyRaceThreadMethodIsAnOperationOrAQuery() {
    List<String> unknown = new ArrayList<>();
    for (Method m : RaceThread.class.getMethods()) {
      if (Operation.of(m) == null && !Operation.THREAD_QUERIES.contains(m.getName())) {
        unknown.add(m.toString());
      }
    }
    assertEquals(List.of(), unknown, "RaceThread methods missing from the Operation table");
  }

  @Test
  void everyRaceDetectorMethodIsAnOperationOrNamedHereAsNoEvent() {
    List<String> unknown = new ArrayList<>();
    for (Method m : RaceDetector.class.getMethods()) {
      if (Operation.of(m) == null && !DETECTOR_NON_EVENTS.contains(m.getName())) {
        unknown.add(m.toString());
      }
    }
    assertEquals(List.of(), unknown, "RaceDetector methods missing from the Operation table");
  }

  @Test
  void everyOperationIsAnApiMethod() {
    for (Operation op : Operation.values()) {
      Method m = op.method(); // throws, naming the signature, when the API lacks it
      assertEquals(op, Operation.of(m), op + " and " + m);
      assertEquals(void.class == m.getReturnType(), op != Operation.START_THREAD, op + " returns " + m.getReturnType());
    }
  }

  @Test
  void theDifferentialSuiteHasOneEventOpPerOperation() {
    EnumSet<Operation> covered = EnumSet.noneOf(Operation.class);
    for (Event.Op op : Event.Op.values()) {
      if (op.operation() != null) {
        assertTrue(covered.add(op.operation()), op.operation() + " has two Event.Ops");
      }
    }
    assertEquals(EnumSet.noneOf(Operation.class), EnumSet.complementOf(covered), "operations with no Event.Op");
  }

  @Test
  void anEventPrintsAsTheCallItMakes() {
    for (Operation op : Operation.values()) {
      String text = new Event(Event.Op.of(op), 2, 0x10, 4, 0x20).toString();
      String receiver = op.target() == Operation.Target.DETECTOR ? "d." : "t2.";
      assertTrue(text.contains(receiver + op.methodName() + "("), op + " printed as " + text);
    }
    assertEquals("t2.read(0x10, 4, 0x20)", new Event(Event.Op.READ, 2, 0x10, 4, 0x20).toString());
    assertEquals("t4 = d.startThread(t2, 0x10)", new Event(Event.Op.START, 2, 0x10, 4, 0).toString());
  }

  @Test
  void theReplayerMakesEveryOperationsCall() {
    List<Event> events = EventStream.everyOperation().events();
    LoggingRaceDetector d = new LoggingRaceDetector();
    EventReplayer.Result r = EventReplayer.replay(d, EventStream.everyOperation());
    assertTrue(r.completed(), () -> "failed at " + r.failedAt() + ": " + r.failure());
    // compared as code: operands an operation does not take are not part of the call
    List<String> expected = events.stream().map(e -> switch (e.op()) {
      case READ1 -> new Event(Event.Op.READ, e.thread(), e.a(), 1, e.c());
      case WRITE1 -> new Event(Event.Op.WRITE, e.thread(), e.a(), 1, e.c());
      default -> e;
    }).map(Event::toString).toList();
    assertEquals(expected, d.calls());
    Set<Event.Op> ops = EnumSet.noneOf(Event.Op.class);
    events.forEach(e -> ops.add(e.op()));
    assertEquals(EnumSet.complementOf(EnumSet.of(Event.Op.BURST)), ops, "EventStream.everyOperation() misses some");
  }

  @Test
  void theCHeaderDeclaresEveryEntryPointAndNoOtherEvent() throws IOException {
    Set<String> declared = entryPoints(CORE_HEADER);
    assertTrue(declared.size() >= 25, "only " + declared.size() + " rk_* entry points parsed from racekit.h");
    OperationChecks.assertFollowsTable("racekit.h", declared, Operation::cEntry, C_NON_EVENTS);
  }

  /** The names of the functions {@code header} declares with {@code RK_API}. */
  static Set<String> entryPoints(Path header) throws IOException {
    String text = Files.readString(header).replaceAll("(?s)/\\*.*?\\*/", " ");
    return ENTRY.matcher(text).results().map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theHeaderParserFindsKnownPrototypes() throws IOException {
    // Guards the parser: one that found nothing would let the check above pass vacuously.
    Set<String> declared = entryPoints(CORE_HEADER);
    assertTrue(declared.containsAll(Arrays.asList("rk_access", "rk_read", "rk_thread_start", "rk_next_report")),
        declared.toString());
  }
}
