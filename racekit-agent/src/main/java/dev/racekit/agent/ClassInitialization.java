package dev.racekit.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.function.Predicate;

/**
 * Whether a loaded class has been initialised, asked of the JDK's internal {@code Unsafe} (its package is exported
 * to the agent at start). Where that cannot be asked, every class counts as not initialised: the safe answer, since
 * its static initialiser then stays instrumented.
 */
final class ClassInitialization implements Predicate<Class<?>> {
  private final Object unsafe;
  private final MethodHandle shouldBeInitialized;

  private ClassInitialization(Object unsafe, MethodHandle shouldBeInitialized) {
    this.unsafe = unsafe;
    this.shouldBeInitialized = shouldBeInitialized;
  }

  /** Asks through {@code jdk.internal.misc.Unsafe} when it is exported to this class's module, else never knows. */
  static ClassInitialization probe() {
    try {
      Class<?> type = Class.forName("jdk.internal.misc.Unsafe");
      Object unsafe = type.getMethod("getUnsafe").invoke(null);
      Method m = type.getMethod("shouldBeInitialized", Class.class);
      MethodHandle h = MethodHandles.lookup().unreflect(m)
          .asType(MethodType.methodType(boolean.class, Object.class, Class.class));
      return new ClassInitialization(unsafe, h);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return new ClassInitialization(null, null);
    }
  }

  /** Whether the answers mean anything (false: every class counts as not initialised). */
  boolean available() {
    return shouldBeInitialized != null;
  }

  @Override
  public boolean test(Class<?> c) {
    if (shouldBeInitialized == null) {
      return false;
    }
    try {
      return !(boolean) shouldBeInitialized.invokeExact(unsafe, c);
    } catch (Throwable t) {
      return false;
    }
  }
}
