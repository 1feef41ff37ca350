package dev.racekit.agent;

import static dev.racekit.agent.ClassFilter.Mode.FULL;
import static dev.racekit.agent.ClassFilter.Mode.HOOKS;
import static dev.racekit.agent.ClassFilter.Mode.MONITORS;
import static dev.racekit.agent.ClassFilter.Mode.NONE;
import static dev.racekit.agent.ClassFilter.Mode.SYNC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassFilterTest {
  private final ClassFilter all = new ClassFilter(List.of(), List.of());

  @Test
  void applicationAndCollectionsAreFullyInstrumented() {
    assertEquals(FULL, all.mode("com/example/Main"));
    assertEquals(FULL, all.mode("racecorpus/racy/Counter"));
    assertEquals(FULL, all.mode("java/util/HashMap"));
    assertEquals(FULL, all.mode("java/util/HashMap$Node"));
    assertEquals(FULL, all.mode("java/text/SimpleDateFormat"));
  }

  @Test
  void concurrencyLibrariesGetSynchronisationOnly() {
    assertEquals(SYNC, all.mode("java/util/concurrent/ConcurrentHashMap"));
    assertEquals(SYNC, all.mode("java/util/concurrent/locks/AbstractQueuedSynchronizer"));
    assertEquals(SYNC, all.mode("java/util/concurrent/atomic/AtomicInteger"));
  }

  @Test
  void threadAndRuntimeGetHooksOnly() {
    assertEquals(HOOKS, all.mode("java/lang/Thread"));
    assertEquals(HOOKS, all.mode("java/lang/VirtualThread"));
    assertEquals(HOOKS, all.mode("java/lang/Runtime"));
  }

  @Test
  void theAgentRaceKitTheRestOfTheJdkAndGeneratedClassesAreLeftAlone() {
    for (String n : new String[] {"dev/racekit/agent/rt/Rt", "dev/racekit/core/RaceKit",
        "dev/racekit/agent/shaded/asm/ClassReader", "java/lang/String", "java/lang/invoke/MethodHandle",
        "java/lang/ThreadLocal", "java/lang/ref/ReferenceQueue", "java/lang/Object", "java/lang/Class",
        "jdk/internal/misc/Unsafe", "com/example/Main$$Lambda/0x0000000801001234", "javax/swing/JFrame", null}) {
      assertEquals(NONE, all.mode(n), n);
    }
  }

  @Test
  void theRestOfTheJdkGetsItsMonitorsInstrumented() {
    for (String n : new String[] {"java/util/zip/ZipFile", "java/lang/ClassLoader", "jdk/internal/loader/BuiltinClassLoader",
        "sun/nio/ch/FileChannelImpl", "java/util/stream/ReferencePipeline", "java/lang/ApplicationShutdownHooks",
        "jdk/jfr/internal/PlatformRecorder", // the flight recorder guards its lists with its own monitors
        "javax/crypto/JceSecurity", "com/sun/org/apache/xerces/internal/impl/XMLEntityManager", "jdk/xml/internal/JdkXmlUtils"}) {
      assertTrue(all.mode(n) == MONITORS || all.mode(n) == SYNC, n + ": " + all.mode(n));
    }
  }

  @Test
  void callsPushFramesOnlyIntoInstrumentedClasses() {
    assertTrue(all.tracksCallsInto("com/example/Main"));
    assertTrue(all.tracksCallsInto("java/util/Map"));
    assertTrue(all.tracksCallsInto("java/util/concurrent/ExecutorService"));
    assertFalse(all.tracksCallsInto("java/lang/String"));
    assertFalse(all.tracksCallsInto("java/lang/Thread"));
  }

  @Test
  void excludeAlsoRemovesJdkPackages() {
    ClassFilter f = AgentArgs.parse("exclude=java.util.*").filter();
    assertEquals(NONE, f.mode("java/util/HashMap"));
    assertEquals(NONE, f.mode("java/util/concurrent/ConcurrentHashMap"));
    assertEquals(HOOKS, f.mode("java/lang/Thread"));
  }
}
