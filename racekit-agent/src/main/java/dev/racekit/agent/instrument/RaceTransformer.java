package dev.racekit.agent.instrument;

import dev.racekit.agent.ClassFilter;
import dev.racekit.agent.ClassFilter.Mode;
import dev.racekit.agent.rt.BlockField;
import dev.racekit.agent.rt.PcTable;
import dev.racekit.agent.rt.Rt;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The agent's class file transformer. A class it cannot rewrite is left as it was, with one line on stderr per
 * class (counted); nothing ever escapes {@link #transform}.
 */
public final class RaceTransformer implements ClassFileTransformer {
  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
  private final ClassFilter filter;
  private final Predicate<Class<?>> initialized;
  private final ClassInstrumenter instrumenter;
  private final PcTable pcs;
  private final TransformCache cache;
  private final AtomicLong transformed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  /** Whether classes being loaded get the block field: asked for, and the runtime can read it here. */
  private final boolean blockFields;

  public RaceTransformer(ClassFilter filter, PcTable pcs) {
    this(filter, pcs, c -> false, TransformCache.OFF);
  }

  /**
   * @param initialized whether a class being retransformed has been initialised (then its static initialiser is
   *     left alone: most of the JDK's loaded classes need no rewrite at all then, and the agent starts faster)
   * @param cache rewrites from earlier runs, and where this run's are kept
   */
  public RaceTransformer(ClassFilter filter, PcTable pcs, Predicate<Class<?>> initialized, TransformCache cache) {
    this(filter, pcs, initialized, cache, true);
  }

  /**
   * @param blockFields whether classes being loaded get the agent's block field (when the runtime can read it here)
   */
  public RaceTransformer(ClassFilter filter, PcTable pcs, Predicate<Class<?>> initialized, TransformCache cache,
      boolean blockFields) {
    this.blockFields = blockFields && BlockField.available();
    this.initialized = initialized;
    this.filter = filter;
    this.pcs = pcs;
    this.cache = cache;
    this.instrumenter = new ClassInstrumenter(filter, pcs);
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
      byte[] bytes) {
    if (className == null || className.startsWith("dev/racekit/")) {
      return null; // before anything else: loading the agent's own classes comes through here too
    }
    Mode mode = filter.mode(className);
    if (mode == Mode.NONE || bytes == null) {
      return null;
    }
    boolean was = Rt.suspend(); // the instrumenter's own use of java.util makes no events
    try {
      boolean init = redefined != null && initialized.test(redefined);
      boolean field = redefined == null && mode == Mode.FULL && blockFields && ownsBlockFields(loader);
      TransformCache.Key key = new TransformCache.Key(className, mode, init, field, bytes);
      byte[] out = cache.lookup(key, pcs);
      if (out == TransformCache.MISS) {
        ClassPcs recorded = new ClassPcs(pcs);
        out = instrumenter.instrument(bytes, mode, init, recorded, field);
        cache.put(key, out, recorded);
      }
      if (out != null) {
        transformed.incrementAndGet();
      }
      return out;
    } catch (Throwable t) {
      failed.incrementAndGet();
      System.err.println("racekit-agent: cannot instrument " + className.replace('/', '.') + " (" + t
          + "); it runs uninstrumented");
      return null;
    } finally {
      Rt.resume(was);
    }
  }

  /**
   * Whether classes of {@code loader} may get the agent's block field: the program's, not the JDK's (the boot and
   * platform loaders' classes keep the layout the JVM and the JDK's own code expect).
   */
  private static boolean ownsBlockFields(ClassLoader loader) {
    return loader != null && loader != PLATFORM;
  }

  /**
   * Whether a loaded class in monitors-only mode has anything to rewrite, from the cache when it knows the class as
   * unchanged, else from a scan of its class file (then remembered): most loaded JDK classes have nothing, and
   * scanning them all again in every run kept the JIT compiling the class file reader.
   */
  public boolean needsMonitorRewrite(String className, byte[] bytes, boolean init) {
    boolean was = Rt.suspend();
    try {
      TransformCache.Key key = new TransformCache.Key(className, Mode.MONITORS, init, bytes);
      if (cache.lookup(key, pcs) == null) {
        return false;
      }
      if (MonitorScan.needsRewrite(bytes, init)) {
        return true;
      }
      cache.put(key, null, new ClassPcs(pcs));
      return false;
    } finally {
      Rt.resume(was);
    }
  }

  /**
   * Runs the whole instrumentation path once, the class cache's included, so that its classes are loaded before the
   * transformer is installed: a class first loaded inside a transformation would be transformed within it (a
   * {@code ClassCircularityError} for a class the path itself needs).
   */
  public void warmUp(byte[] sampleClass) {
    boolean was = Rt.suspend();
    try {
      if (sampleClass.length > 0) {
        PcTable scratchPcs = new PcTable();
        ClassInstrumenter scratchInstrumenter = new ClassInstrumenter(filter, scratchPcs);
        scratchInstrumenter.instrument(sampleClass, Mode.SYNC);
        // A rewrite with pcs, stored and taken back, so that every step of the cache's path runs too.
        ClassPcs recorded = new ClassPcs(scratchPcs);
        byte[] out = scratchInstrumenter.instrument(sampleClass, Mode.FULL, false, recorded, blockFields);
        TransformCache scratch = TransformCache.empty();
        TransformCache.Key key = new TransformCache.Key("racekit/WarmUp", Mode.FULL, false, blockFields, sampleClass);
        scratch.put(key, out, recorded);
        scratch.lookup(key, scratchPcs);
        MonitorScan.needsRewrite(sampleClass, false);
      }
    } catch (RuntimeException e) {
      System.err.println("racekit-agent: instrumentation self-check failed (" + e + ")");
    } finally {
      Rt.resume(was);
    }
  }

  public long transformedCount() {
    return transformed.get();
  }

  public long failedCount() {
    return failed.get();
  }

  public ClassFilter filter() {
    return filter;
  }
}
