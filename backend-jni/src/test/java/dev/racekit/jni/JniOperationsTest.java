package dev.racekit.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.tck.Operation;
import dev.racekit.tck.OperationChecks;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * JniNative and its C glue follow the {@link Operation} table: one native method per event, each implemented in
 * racekit_jni.c by a call of the event's core entry point. Each difference is named.
 */
class JniOperationsTest {
  /** JniNative's native methods that are not events: version, lifecycle, queries, reports. */
  private static final Set<String> NON_EVENTS = Set.of("abiVersion", "open", "shutdown", "close", "threadRelease",
      "mainThread", "unmappedCount", "shadowResidentBytes", "threadId", "threadClockLength", "nextReport");
  private static final Path GLUE = Path.of("src/main/c/racekit_jni.c");
  private static final Pattern FUNCTION = Pattern.compile("(?m)^JNIEXPORT\\s+\\w+\\s+JNICALL\\s+"
      + "Java_dev_racekit_jni_JniNative_(\\w+)\\s*\\(");

  private static Set<String> nativeMethods() {
    Set<String> out = new TreeSet<>();
    for (Method m : JniNative.class.getDeclaredMethods()) {
      if (Modifier.isNative(m.getModifiers())) {
        out.add(m.getName());
      }
    }
    return out;
  }

  /** The glue's functions by JniNative method name, each with its body (up to the next function). */
  private static Map<String, String> glue() throws IOException {
    String text = Files.readString(GLUE);
    Map<String, String> out = new TreeMap<>();
    Matcher m = FUNCTION.matcher(text);
    String name = null;
    int start = 0;
    while (m.find()) {
      if (name != null) {
        out.put(name, text.substring(start, m.start()));
      }
      name = m.group(1);
      start = m.end();
    }
    if (name != null) {
      out.put(name, text.substring(start));
    }
    return out;
  }

  @Test
  void everyOperationHasANativeMethodAndNoOtherEventHasOne() {
    OperationChecks.assertFollowsTable("JniNative", nativeMethods(), Operation::jniMethod, NON_EVENTS);
  }

  @Test
  void theGlueImplementsEveryNativeMethodAndEachEventCallsItsEntryPoint() throws IOException {
    Map<String, String> glue = glue();
    assertTrue(glue.containsKey("read") && glue.containsKey("nextReport"), "the glue parser found " + glue.keySet());
    assertEquals(nativeMethods(), glue.keySet(), "JniNative's native methods and racekit_jni.c's functions");
    Map<String, String> wrong = new TreeMap<>();
    for (Operation op : Operation.values()) {
      String body = glue.getOrDefault(op.jniMethod(), "");
      if (!Pattern.compile("\\b" + op.cEntry() + "\\s*\\(").matcher(body).find()) {
        wrong.put(op.name(), "Java_dev_racekit_jni_JniNative_" + op.jniMethod() + " does not call " + op.cEntry());
      }
    }
    assertEquals(Map.of(), wrong, "glue functions that do not call their event's entry point");
  }
}
