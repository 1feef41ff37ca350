// EXPECT-RACE: FailureCountInUncaughtHandler.java:30<FailureCountInUncaughtHandler.java:53 FailureCountInUncaughtHandler.java:30<FailureCountInUncaughtHandler.java:53 | static field racecorpus.racy.FailureCountInUncaughtHandler.failures
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/**
 * Two workers each die of an exception thrown several calls deep, inside a call the agent runs with accesses
 * ignored ({@code Enum.valueOf} with an unknown name), and their uncaught-exception handler counts the failure in a
 * plain static field. The JDK calls the handler from code the agent does not instrument, after the exception has
 * left every instrumented frame: the count must be checked (not left ignored by the call the exception came out of)
 * and reported with the handler's own stack, without the frames the exception unwound.
 */
public final class FailureCountInUncaughtHandler {
  enum Color {
    RED
  }

  static int failures;

  static Color parse(String name) {
    return Color.valueOf(name);
  }

  static void work(String name) {
    Color c = parse(name);
    System.out.println(c);
  }

  static void count(InvisibleRendezvous meet, int party) {
    failures++; // race @1
    meet.arriveAndAwait(party);
  }

  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread[] workers = new Thread[2];
    for (int i = 0; i < 2; i++) {
      workers[i] = new Thread(() -> work("PURPLE"), "worker-" + i);
      workers[i].setUncaughtExceptionHandler(new Counting(meet, i));
    }
    for (Thread w : workers) {
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    System.out.println("failures=" + failures);
  }

  private record Counting(InvisibleRendezvous meet, int party) implements Thread.UncaughtExceptionHandler {
    @Override
    public void uncaughtException(Thread t, Throwable e) {
      count(meet, party);
    }
  }
}
