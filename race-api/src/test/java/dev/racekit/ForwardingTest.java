package dev.racekit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every method of {@link RaceThread} and {@link RaceDetector} is forwarded by the forwarding bases, with the same
 * arguments and the delegate's result: found by reflection, so a method added to an interface fails here until the
 * base forwards it.
 */
class ForwardingTest {

  /** A delegate that writes down each call and answers with a value that names the call. */
  private static final class RecordingHandler {
    final List<Method> methods = new ArrayList<>();
    final List<Object[]> arguments = new ArrayList<>();

    <T> T proxy(Class<T> type) {
      Object p = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, m, args) -> {
        if (m.getDeclaringClass() == Object.class) {
          return m.getName().equals("toString") ? "delegate" : m.invoke(this, args);
        }
        methods.add(m);
        arguments.add(args == null ? new Object[0] : args);
        return answer(m);
      });
      return type.cast(p);
    }
  }

  private static Object answer(Method m) {
    Class<?> r = m.getReturnType();
    if (r == long.class) {
      return (long) m.getName().hashCode();
    }
    if (r == boolean.class) {
      return true;
    }
    if (r == String.class) {
      return m.getName();
    }
    if (r == RaceOptions.class) {
      return RaceOptions.defaults();
    }
    if (r == RaceThread.class) {
      return new RecordingHandler().proxy(RaceThread.class);
    }
    return null;
  }

  /** Distinct arguments, so that a forwarder that swaps two of them fails. */
  private static Object[] arguments(Method m) {
    Class<?>[] types = m.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      if (types[i] == long.class) {
        args[i] = 0x1000L + 17L * i;
      } else if (types[i] == int.class) {
        args[i] = 1 << i;
      } else if (types[i] == RaceThread.class) {
        args[i] = new RecordingHandler().proxy(RaceThread.class);
      } else if (types[i] == RaceListener.class) {
        args[i] = (RaceListener) report -> {};
      } else {
        throw new AssertionError("no test argument for " + types[i] + " of " + m);
      }
    }
    return args;
  }

  private static <T> void checkForwards(Class<T> api, Class<?> base, java.util.function.Function<T, T> wrap)
      throws ReflectiveOperationException {
    for (Method m : api.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      Method own = base.getDeclaredMethod(m.getName(), m.getParameterTypes());
      assertTrue(Modifier.isPublic(own.getModifiers()) && !Modifier.isFinal(own.getModifiers()),
          base.getSimpleName() + " must forward " + m + " in a public, overridable method");
      RecordingHandler h = new RecordingHandler();
      T forwarding = wrap.apply(h.proxy(api));
      Object[] args = arguments(m);
      Object result;
      try {
        result = m.invoke(forwarding, args);
      } catch (InvocationTargetException e) {
        throw new AssertionError(m + " threw", e.getCause());
      }
      assertEquals(List.of(m), h.methods, base.getSimpleName() + " did not forward " + m + " (and only it)");
      assertArrayEquals(args, h.arguments.get(0), "arguments of " + m);
      if (m.getReturnType() != void.class && m.getReturnType() != RaceThread.class) {
        assertEquals(answer(m), result, "result of " + m);
      }
    }
  }

  @Test
  void forwardingRaceThreadForwardsEveryMethod() throws ReflectiveOperationException {
    checkForwards(RaceThread.class, ForwardingRaceThread.class, d -> new ForwardingRaceThread(d) {});
  }

  @Test
  void forwardingRaceDetectorForwardsEveryMethod() throws ReflectiveOperationException {
    checkForwards(RaceDetector.class, ForwardingRaceDetector.class, d -> new ForwardingRaceDetector(d) {});
  }

  @Test
  void theDelegatesThreadsComeBackAsTheyAre() {
    RecordingHandler h = new RecordingHandler();
    RaceDetector d = new ForwardingRaceDetector(h.proxy(RaceDetector.class)) {};
    RaceThread main = d.mainThread();
    assertTrue(Proxy.isProxyClass(main.getClass()), "mainThread() is the delegate's own thread: " + main);
  }

  @Test
  void aDecoratorOverridesOnlyWhatItChanges() {
    RecordingHandler h = new RecordingHandler();
    long[] writes = new long[1];
    RaceThread counting = new ForwardingRaceThread(h.proxy(RaceThread.class)) {
      @Override
      public void write(long addr, int size, long pc) {
        writes[0]++;
        super.write(addr, size, pc);
      }
    };
    counting.write(0x10, 4, 0x20);
    counting.read(0x10, 4, 0x21);
    assertEquals(1, writes[0]);
    assertEquals(List.of("write", "read"), h.methods.stream().map(Method::getName).toList());
  }
}
