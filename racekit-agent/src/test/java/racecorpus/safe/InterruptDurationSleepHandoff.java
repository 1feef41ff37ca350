// EXPECT: no race
// REQUIRES-JDK: 19
package racecorpus.safe;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;

/**
 * The interrupter writes, then interrupts a thread asleep in {@code Thread.sleep(Duration)}, called through
 * reflection (so no call site of the program's names it): the interrupt synchronizes-with the
 * {@code InterruptedException} it causes (JLS 17.4.4), whoever called the sleep, so the write is ordered before the
 * sleeper's read.
 */
public final class InterruptDurationSleepHandoff {
  private int data;

  public static void main(String[] args) throws Exception {
    if (Runtime.version().feature() < 19) {
      System.out.println(racecorpus.VirtualThreads.SKIP_PREFIX + "Thread.sleep(Duration) needs JDK 19, this is "
          + Runtime.version());
      return;
    }
    InterruptDurationSleepHandoff box = new InterruptDurationSleepHandoff();
    Method sleep = Thread.class.getMethod("sleep", Duration.class); // Java 19+ (the corpus compiles for 17)
    Duration minute = Duration.ofMinutes(1);
    int[] seen = new int[1];
    Thread sleeper = new Thread(() -> {
      try {
        while (true) {
          sleep.invoke(null, minute); // ended only by the interrupt
        }
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof InterruptedException) {
          seen[0] = box.data;
        }
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }, "sleeper");
    sleeper.start();
    box.data = 42;
    sleeper.interrupt();
    sleeper.join();
    System.out.println("seen=" + seen[0]);
  }
}
