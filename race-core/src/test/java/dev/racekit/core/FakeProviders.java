package dev.racekit.core;

import dev.racekit.RaceThread;
import dev.racekit.spi.Availability;
import dev.racekit.spi.BackendContext;
import dev.racekit.spi.RaceBackend;
import dev.racekit.spi.RaceBackendProvider;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fake backends for selection tests. The nested public classes are registered in this module's test resources
 * (META-INF/services), so {@link RaceKit} finds them on the test class path; {@link Fake} makes others on the spot.
 */
public final class FakeProviders {
  /** The backend most recently created by a fake provider. */
  static volatile FakeBackend lastBackend;
  /** The backend most recently created on the calling thread, for tests that open detectors on several threads. */
  static final ThreadLocal<FakeBackend> lastBackendOfThisThread = new ThreadLocal<>();

  private FakeProviders() {}

  /** A provider with a fixed name, priority and availability. */
  public static class Fake implements RaceBackendProvider {
    private final String name;
    private final int priority;
    private final Availability availability;

    public Fake(String name, int priority, Availability availability) {
      this.name = name;
      this.priority = priority;
      this.availability = availability;
    }

    static Fake available(String name, int priority) {
      return new Fake(name, priority, Availability.yes());
    }

    static Fake unavailable(String name, int priority, String reason) {
      return new Fake(name, priority, Availability.no(reason));
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int priority() {
      return priority;
    }

    @Override
    public Availability availability() {
      return availability;
    }

    @Override
    public RaceBackend create(BackendContext context) {
      if (!availability.available()) {
        throw new IllegalStateException(name + " cannot run here: " + availability.reason());
      }
      FakeBackend b = new FakeBackend(context);
      lastBackend = b;
      lastBackendOfThisThread.set(b);
      return b;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Registered: the best one that can run (priority 30). */
  public static final class Fast extends Fake {
    public Fast() {
      super("fast", 30, Availability.yes());
    }
  }

  /** Registered: the highest priority (50), but it cannot run. */
  public static final class Broken extends Fake {
    public Broken() {
      super("broken", 50, Availability.no("libbroken.so is not on java.library.path"));
    }
  }

  /** Registered: can run, priority 10. */
  public static final class Slow extends Fake {
    public Slow() {
      super("slow", 10, Availability.yes());
    }
  }

  /** Registered: can run, priority 10 like {@link Slow}; sorted after it by name. */
  public static final class Twin extends Fake {
    public Twin() {
      super("twin", 10, Availability.yes());
    }
  }

  /** A backend that does nothing but keep its context, so tests can hand reports to the core. */
  static final class FakeBackend implements RaceBackend {
    final BackendContext context;
    final AtomicInteger closes = new AtomicInteger();
    final RaceThread main = (RaceThread) Proxy.newProxyInstance(RaceThread.class.getClassLoader(),
        new Class<?>[] {RaceThread.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "id":
              return 0L;
            case "isEnded":
              return false;
            case "toString":
              return "FakeThread[0]";
            case "hashCode":
              return 0;
            case "equals":
              return proxy == args[0];
            default:
              return null;
          }
        });

    FakeBackend(BackendContext context) {
      this.context = context;
    }

    @Override
    public RaceThread mainThread() {
      return main;
    }

    @Override
    public RaceThread startThread(RaceThread parent, long pc) {
      throw new UnsupportedOperationException("fake");
    }

    @Override
    public void mapShadow(long base, long size) {}

    @Override
    public long unmappedAccessCount() {
      return 7;
    }

    @Override
    public long shadowMemoryBytes() {
      return 4096;
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }
}
