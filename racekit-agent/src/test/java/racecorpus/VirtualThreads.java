package racecorpus;

import java.lang.reflect.Method;

/**
 * Starts virtual threads through reflection: the corpus is compiled for Java 17, where they do not exist, and runs
 * on 17 too. On 17 the program prints the skip line the corpus runner expects and does nothing else.
 */
public final class VirtualThreads {
  /** The line a program prints when it skips itself; the runner requires it on JDKs that lack the feature. */
  public static final String SKIP_PREFIX = "racecorpus: skipped: ";

  private VirtualThreads() {}

  /** True on JDK 21 and later; otherwise prints the skip line. */
  public static boolean available() {
    if (Runtime.version().feature() >= 21) {
      return true;
    }
    System.out.println(SKIP_PREFIX + "virtual threads need JDK 21, this is " + Runtime.version());
    return false;
  }

  /** {@code Thread.ofVirtual().name(name).start(task)}. */
  public static Thread start(String name, Runnable task) throws ReflectiveOperationException {
    Class<?> builder = Class.forName("java.lang.Thread$Builder");
    Object ofVirtual = Thread.class.getMethod("ofVirtual").invoke(null);
    Object named = builder.getMethod("name", String.class).invoke(ofVirtual, name);
    Method start = builder.getMethod("start", Runnable.class);
    return (Thread) start.invoke(named, task);
  }
}
