// EXPECT-RACE: CountAfterReflection.java:29 CountAfterReflection.java:34 | field racecorpus.racy.CountAfterReflection.count
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** Reading annotations runs with accesses ignored, but only during the call: the plain counter after it races. */
public final class CountAfterReflection {
  @Retention(RetentionPolicy.RUNTIME)
  @interface Tag {
    String value();
  }

  @Tag("target")
  static final class Target {}

  private int count;

  static int look() {
    return Target.class.getAnnotation(Tag.class).value().length();
  }

  public static void main(String[] args) throws InterruptedException {
    CountAfterReflection box = new CountAfterReflection();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      int n = look();
      box.count += n; // race @1
      meet.arriveAndAwait(1);
    }, "worker");
    worker.start();
    int n = look();
    box.count += n; // race @2
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("count=" + box.count);
  }
}
