package dev.racekit.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.tck.LoggingRaceDetector;
import dev.racekit.tck.Operation;
import dev.racekit.tck.diff.Event;
import dev.racekit.tck.diff.EventReplayer;
import dev.racekit.tck.diff.EventStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binary trace format has one opcode per {@link Operation}, under the same name; each difference is named. */
class TraceFormatOperationsTest {
  /** TraceFormat's int constants that are not event opcodes. */
  private static final Set<String> NOT_OPCODES = Set.of("VERSION", "END", "LAST_OP", "THREAD_FLAG", "MAX_RECORD",
      "SECTION_END", "SECTION_SYMBOLS", "SECTION_NAMES", "SECTION_STATS");

  /** TraceFormat's opcode constants by name. */
  private static Map<String, Integer> opcodes() throws IllegalAccessException {
    Map<String, Integer> out = new TreeMap<>();
    for (Field f : TraceFormat.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && !NOT_OPCODES.contains(f.getName())) {
        out.put(f.getName(), f.getInt(null));
      }
    }
    return out;
  }

  /** The opcode constant of {@code op}: its own name, or for the one-byte accesses that of the sized access. */
  private static String constantName(Operation op) {
    return switch (op) {
      case READ1 -> "READ";
      case WRITE1 -> "WRITE";
      default -> op.name();
    };
  }

  @Test
  void everyOperationHasItsOpcode() throws IllegalAccessException {
    Map<String, Integer> opcodes = opcodes();
    Map<String, String> wrong = new TreeMap<>();
    for (Operation op : Operation.values()) {
      Integer code = opcodes.get(constantName(op));
      if (code == null || code != op.traceOpcode()) {
        wrong.put(op.name(), "table 0x" + Integer.toHexString(op.traceOpcode()) + ", TraceFormat."
            + constantName(op) + " = " + (code == null ? "missing" : "0x" + Integer.toHexString(code)));
      }
    }
    assertEquals(Map.of(), wrong, "operations whose trace opcode TraceFormat does not have");
  }

  @Test
  void everyOpcodeIsAnOperation() throws IllegalAccessException {
    Map<String, Integer> extra = new TreeMap<>(opcodes());
    for (Operation op : Operation.values()) {
      extra.remove(constantName(op));
    }
    assertEquals(Map.of(), extra, "TraceFormat opcodes that are not in the Operation table");
    assertTrue(opcodes().containsKey("MAP_SHADOW") && opcodes().containsKey("ATOMIC_WRITE"),
        "the reflection found only " + opcodes());
  }

  @Test
  void opcodesAreNamedAfterTheirCall() {
    for (Operation op : Operation.values()) {
      String name = TraceFormat.opName(op.traceOpcode());
      assertTrue(name.startsWith(op.methodName()), op + ": TraceFormat.opName says " + name);
    }
  }

  @Test
  void theRecorderRecordsEveryOperationItself() {
    // The recorder's classes extend the forwarding bases: an event they do not override would be forwarded unrecorded.
    Set<String> forwardedOnly = new TreeSet<>();
    for (Operation op : Operation.values()) {
      Class<?> recorder = op.target() == Operation.Target.THREAD ? RecordingThread.class : RecordingDetector.class;
      try {
        recorder.getDeclaredMethod(op.methodName(), op.shape().parameters().toArray(Class<?>[]::new));
      } catch (NoSuchMethodException e) {
        forwardedOnly.add(op + " (" + recorder.getSimpleName() + "." + op.signature() + ")");
      }
    }
    assertEquals(Set.of(), forwardedOnly, "events the recorder forwards without writing them to the trace");
  }

  @Test
  void everyOperationIsRecordedAndReplayed(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("every.rktrace");
    LoggingRaceDetector live = new LoggingRaceDetector();
    try (RecordingDetector d = RecordingDetector.wrap(live, file)) {
      EventReplayer.Result r = EventReplayer.replay(d, EventStream.everyOperation());
      assertTrue(r.completed(), () -> "failed at " + r.failedAt() + ": " + r.failure());
    }
    LoggingRaceDetector replayed = new LoggingRaceDetector();
    try (TraceReader reader = TraceReader.open(file)) {
      assertTrue(reader.replay(replayed, null, false).complete());
    }
    assertEquals(live.calls(), replayed.calls());
    Set<Event.Op> seen = EnumSet.noneOf(Event.Op.class);
    replayed.events().forEach(e -> seen.add(e.op()));
    Set<String> lost = new TreeSet<>();
    for (Operation op : Operation.values()) {
      // the one-byte accesses come back as the sized accesses of one byte they are
      Operation as = op == Operation.READ1 ? Operation.READ : op == Operation.WRITE1 ? Operation.WRITE : op;
      if (!seen.contains(Event.Op.of(as))) {
        lost.add(op.name());
      }
    }
    assertEquals(Set.of(), lost, "operations that did not come through a recording and its replay");
  }
}
