// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Method;

/**
 * Twin of racy.CountAfterReflection: two threads read one class's annotations and generic signatures, the first
 * building them. The JDK publishes that metadata with a compare-and-swap in java.lang.Class (and plain fields in
 * java.lang.reflect that it keeps safe by design), which the agent does not see; the collections inside are
 * java.util's. The rendezvous lets the worker finish first, with nothing the detector sees in between.
 */
public final class ReflectionFromTwoThreads {
  @Retention(RetentionPolicy.RUNTIME)
  @interface Tag {
    String value();
  }

  @Tag("target")
  static final class Target {
    public java.util.List<String> names(java.util.Map<String, Integer> counts) {
      return null;
    }
  }

  static String look() {
    Tag tag = Target.class.getAnnotation(Tag.class);
    Method m = Target.class.getDeclaredMethods()[0];
    return tag.value() + " " + m.getGenericReturnType() + " " + m.getGenericParameterTypes().length;
  }

  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    String[] seen = new String[2];
    Thread worker = new Thread(() -> {
      seen[1] = look();
      meet.arriveAndAwait(1);
    }, "worker");
    worker.start();
    meet.arriveAndAwait(0);
    seen[0] = look();
    worker.join();
    System.out.println(seen[0].equals(seen[1]) ? "same: " + seen[0] : "different");
  }
}
