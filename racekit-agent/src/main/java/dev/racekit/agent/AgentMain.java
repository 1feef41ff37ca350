package dev.racekit.agent;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.agent.instrument.RaceTransformer;
import dev.racekit.agent.rt.JavaSymbolizer;
import dev.racekit.agent.rt.PcTable;
import dev.racekit.agent.rt.Rt;
import dev.racekit.core.RaceKit;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent, running from the boot class path: opens the detector, installs the runtime, instruments classes as
 * they load and retransforms the JDK classes loaded before it, and prints the summary at exit.
 */
public final class AgentMain {
  private static final String PREFIX = "racekit-agent: ";

  private AgentMain() {}

  public static void start(String args, Instrumentation inst, String jarPath) {
    AgentArgs parsed = AgentArgs.parse(args);
    for (String p : parsed.problems()) {
      System.err.println(PREFIX + p);
    }
    Module runtime = Rt.class.getModule();
    // java.base's instrumented classes call the runtime; java.lang is opened to it only to enable native access.
    // jdk.internal.misc is exported to it only to ask whether a loaded class is initialised (ClassInitialization).
    inst.redefineModule(Object.class.getModule(), Set.of(runtime), Map.of("jdk.internal.misc", Set.of(runtime)),
        Map.of("java.lang", Set.of(runtime)), Set.of(), Map.of());
    enableNativeAccess(runtime);
    boolean was = Rt.suspend(); // the agent's own setup makes no events
    try {
      install(inst, parsed, jarPath);
    } finally {
      Rt.resume(was);
    }
  }

  private static void install(Instrumentation inst, AgentArgs parsed, String jarPath) {
    RaceOptions options = options();
    PcTable pcs = new PcTable();
    RaceDetector detector = open(options, pcs);
    Rt.install(detector, pcs, Thread.currentThread());
    ClassFilter filter = parsed.filter();
    ClassInitialization initialized = ClassInitialization.probe();
    if (initialized.available()) {
      Rt.classInitialisation(initialized);
    }
    AgentCache cache = AgentCache.open(parsed, jarPath);
    RaceTransformer transformer = new RaceTransformer(filter, pcs, initialized, cache.cache(), parsed.blockField());
    transformer.warmUp(sampleClass());
    inst.addTransformer(transformer, true);
    retransformLoaded(inst, filter, initialized, transformer);
    ExitSummary.install(detector, options, cache::save);
  }

  /**
   * The native backends run from the boot loader's unnamed module, which {@code Enable-Native-Access} in the manifest
   * does not cover for an agent jar; without this JDK 24+ warns on their first native call.
   */
  private static void enableNativeAccess(Module runtime) {
    if (runtime.isNamed()) {
      return;
    }
    // Unnamed modules share one native-access flag: this is what --enable-native-access=ALL-UNNAMED does.
    for (String name : new String[] {"implAddEnableNativeAccessToAllUnnamed", "implAddEnableNativeAccessAllUnnamed"}) {
      try {
        java.lang.reflect.Method m = Module.class.getDeclaredMethod(name);
        m.setAccessible(true);
        m.invoke(null);
        return;
      } catch (ReflectiveOperationException | RuntimeException e) {
        if (Boolean.getBoolean("racekit.agent.debug")) {
          System.err.println(PREFIX + "cannot enable native access through " + name + ": " + e);
        }
      }
    }
  }

  private static byte[] sampleClass() {
    try (java.io.InputStream in = AgentMain.class.getResourceAsStream("AgentArgs.class")) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (java.io.IOException e) {
      return new byte[0];
    }
  }

  private static RaceOptions options() {
    try {
      return RaceKit.environmentOptions();
    } catch (IllegalArgumentException e) {
      System.err.println(PREFIX + "bad options (" + e.getMessage() + "); using the defaults");
      return RaceOptions.defaults();
    }
  }

  /** A suppressions file that cannot be read or parsed costs its rules, not the run: one line says so. */
  private static RaceDetector open(RaceOptions options, PcTable pcs) {
    try {
      return openChosenBackend(options, pcs);
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      if (options.suppressions().isEmpty()) {
        throw e;
      }
      System.err.println(PREFIX + e.getMessage() + "; running without suppressions");
      return openChosenBackend(RaceOptions.parse(options + " suppressions="), pcs);
    }
  }

  private static RaceDetector openChosenBackend(RaceOptions options, PcTable pcs) {
    String requested = System.getProperty(RaceKit.BACKEND_PROPERTY);
    try {
      RaceDetector d = builder(options, pcs).open();
      if (requested == null) {
        List<String> unavailable = new ArrayList<>();
        for (String b : RaceKit.describeBackends()) {
          if (b.contains("cannot run here")) {
            unavailable.add(b);
          }
        }
        if (!unavailable.isEmpty()) {
          System.err.println(PREFIX + "using backend '" + d.backendName() + "'; not available here: "
              + String.join("; ", unavailable));
        }
      }
      return d;
    } catch (IllegalStateException e) {
      if (requested == null) {
        throw e;
      }
      System.err.println(PREFIX + e.getMessage() + "; falling back to automatic selection");
      System.clearProperty(RaceKit.BACKEND_PROPERTY);
      try {
        RaceDetector d = builder(options, pcs).open();
        System.err.println(PREFIX + "using backend '" + d.backendName() + "'");
        return d;
      } finally {
        System.setProperty(RaceKit.BACKEND_PROPERTY, requested);
      }
    }
  }

  private static RaceKit.Builder builder(RaceOptions options, PcTable pcs) {
    return RaceKit.builder().options(options).symbolizer(new JavaSymbolizer(pcs))
        .threadNames(Rt::threadName).locations(Rt::location);
  }

  private static void retransformLoaded(Instrumentation inst, ClassFilter filter, ClassInitialization initialized,
      RaceTransformer transformer) {
    List<Class<?>> targets = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (c.isArray() || c.isPrimitive() || c.isHidden() || !inst.isModifiableClass(c)) {
        continue;
      }
      ClassFilter.Mode mode = filter.mode(c.getName().replace('.', '/'));
      if (mode == ClassFilter.Mode.MONITORS && !needsMonitorRewrite(c, initialized, transformer)) {
        continue; // retransforming costs the JVM about as much as the rewrite itself: most JDK classes need none
      }
      if (mode != ClassFilter.Mode.NONE) {
        targets.add(c);
      }
    }
    BatchRetransform.apply(targets, batch -> inst.retransformClasses(batch.toArray(new Class<?>[0])),
        (c, t) -> System.err.println(PREFIX + "cannot retransform " + c.getName() + " (" + t + "); it runs uninstrumented"));
  }

  /** Whether a loaded JDK class has monitors to rewrite, read from its class file (unreadable: assume it has). */
  private static boolean needsMonitorRewrite(Class<?> c, ClassInitialization initialized, RaceTransformer transformer) {
    String resource = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
    try (java.io.InputStream in = c.getResourceAsStream(resource)) {
      return in == null
          || transformer.needsMonitorRewrite(c.getName().replace('.', '/'), in.readAllBytes(), initialized.test(c));
    } catch (java.io.IOException | RuntimeException e) {
      return true;
    }
  }
}
