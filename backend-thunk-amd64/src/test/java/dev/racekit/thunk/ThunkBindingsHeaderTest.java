package dev.racekit.thunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written FFM bindings must say what the C headers say: names, parameter and return types, constants. */
class ThunkBindingsHeaderTest {
  private static final Path CORE_HEADER = Path.of("../race-native/include/racekit.h");
  private static final Path THUNK_HEADER = Path.of("src/main/c/racekit_thunks.h");
  private static final Pattern PROTOTYPE =
      Pattern.compile("(?m)^(?:RK_API\\s+)?([A-Za-z_][\\w\\s]*?\\s*\\**)\\s*\\b(rk_\\w+)\\s*\\(([^)]*)\\)\\s*;");
  private static final Pattern DEFINE = Pattern.compile("(?m)^#define\\s+(RK_\\w+)\\s+\\(?(-?\\d+)\\)?\\s*(?:/\\*.*)?$");

  @Test
  void everyBindingMatchesItsPrototype() throws IOException {
    Map<String, FunctionDescriptor> declared = new HashMap<>();
    declared.putAll(prototypes(CORE_HEADER));
    declared.putAll(prototypes(THUNK_HEADER));
    Map<String, FunctionDescriptor> bound = new HashMap<>(ThunkBindings.REGULAR);
    bound.putAll(ThunkBindings.CRITICAL);
    bound.putAll(ThunkBindings.DISPATCH);
    for (Map.Entry<String, FunctionDescriptor> e : bound.entrySet()) {
      FunctionDescriptor c = declared.get(e.getKey());
      assertNotNull(c, e.getKey() + " is bound but declared in neither header");
      assertEquals(c, e.getValue(), "binding of " + e.getKey() + " disagrees with its C prototype");
    }
    for (String thunk : prototypes(THUNK_HEADER).keySet()) {
      assertTrue(ThunkBindings.CRITICAL.containsKey(thunk) || ThunkBindings.DISPATCH.containsKey(thunk),
          thunk + " is declared but has no critical binding");
    }
  }

  @Test
  void everyRareCallHasTheIdTheDispatcherGivesIt() throws IOException {
    Map<String, Integer> ids = new HashMap<>();
    Matcher m = Pattern.compile("\\bRK_CALL_(\\w+)\\s*=\\s*(\\d+)").matcher(Files.readString(THUNK_HEADER));
    while (m.find()) {
      ids.put("rk_" + m.group(1).toLowerCase(java.util.Locale.ROOT), Integer.parseInt(m.group(2)));
    }
    assertEquals(ids, callIds(), "enum rk_thunk_call_id and ThunkBindings.CALL_* disagree");
    assertEquals(ThunkBindings.REGULAR.keySet(), ids.keySet(), "a rare function without an id, or an id without one");
    assertEquals(ids.size(), new java.util.HashSet<>(ids.values()).size(), "two functions share an id");
  }

  @Test
  void constantsMatchTheHeader() throws IOException {
    Map<String, Long> defines = defines(CORE_HEADER);
    assertEquals(ThunkBindings.ABI_VERSION, defines.get("RK_ABI_VERSION"));
    assertEquals(ThunkBindings.FILTER_OFFSET, defines.get("RK_THREAD_FILTER_OFFSET"));
    assertEquals(ThunkBindings.UNMAPPED_OFFSET, defines.get("RK_THREAD_UNMAPPED_OFFSET"));
    assertEquals(ThunkBindings.IGNORE_OFFSET, defines.get("RK_THREAD_IGNORE_OFFSET"));
    assertEquals(ThunkBindings.STAMP_OFFSET, defines.get("RK_THREAD_STAMP_OFFSET"));
    assertEquals(ThunkBindings.CELLS_PER_WORD, defines.get("RK_SHADOW_CELLS_PER_WORD"));
    assertEquals(ThunkBindings.CELL_READ, 1L << defines.get("RK_SHADOW_READ_BIT"));
    assertEquals(ThunkBindings.CELL_ATOMIC, 1L << defines.get("RK_SHADOW_ATOMIC_BIT"));
  }

  @Test
  void theParserSeesTheWholeHeader() throws IOException {
    // Guards the test itself: a parser that found nothing would pass everything above vacuously.
    Map<String, FunctionDescriptor> core = prototypes(CORE_HEADER);
    assertTrue(core.size() >= 25, "only " + core.size() + " prototypes parsed from racekit.h");
    assertEquals(FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), core.get("rk_access"));
  }

  /** {@code ThunkBindings.CALL_X} as {@code rk_x}, by its value. */
  static Map<String, Integer> callIds() {
    Map<String, Integer> out = new HashMap<>();
    for (java.lang.reflect.Field f : ThunkBindings.class.getDeclaredFields()) {
      if (f.getName().startsWith("CALL_") && f.getType() == int.class) {
        try {
          out.put("rk_" + f.getName().substring(5).toLowerCase(java.util.Locale.ROOT), f.getInt(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return out;
  }

  static Map<String, FunctionDescriptor> prototypes(Path header) throws IOException {
    String text = Files.readString(header).replaceAll("(?s)/\\*.*?\\*/", " ");
    Map<String, FunctionDescriptor> out = new HashMap<>();
    Matcher m = PROTOTYPE.matcher(text);
    while (m.find()) {
      Optional<MemoryLayout> ret = layout(m.group(1));
      List<MemoryLayout> params = new ArrayList<>();
      String args = m.group(3).trim();
      if (!args.isEmpty() && !args.equals("void")) {
        for (String a : args.split(",")) {
          String type = a.trim().replaceAll("\\b\\w+$", "").trim(); // drop the parameter name
          params.add(layout(type).orElseThrow());
        }
      }
      MemoryLayout[] ps = params.toArray(MemoryLayout[]::new);
      out.put(m.group(2), ret.map(r -> FunctionDescriptor.of(r, ps)).orElseGet(() -> FunctionDescriptor.ofVoid(ps)));
    }
    return out;
  }

  /** The FFM layout for a C type: int → JAVA_INT; 64-bit integers and pointers → JAVA_LONG; void → none. */
  private static Optional<MemoryLayout> layout(String cType) {
    String t = cType.replace("const", "").trim();
    if (t.contains("*") || t.equals("uint64_t") || t.equals("int64_t")) {
      return Optional.of(ValueLayout.JAVA_LONG);
    }
    if (t.equals("int")) {
      return Optional.of(ValueLayout.JAVA_INT);
    }
    if (t.equals("void")) {
      return Optional.empty();
    }
    throw new IllegalArgumentException("no FFM mapping for C type '" + cType + "'");
  }

  private static Map<String, Long> defines(Path header) throws IOException {
    Map<String, Long> out = new HashMap<>();
    Matcher m = DEFINE.matcher(Files.readString(header));
    while (m.find()) {
      out.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return out;
  }
}
