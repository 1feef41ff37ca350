// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;

/**
 * Enum.valueOf on two threads, the worker first: the JDK builds the enum's name-to-constant HashMap on the first call
 * and publishes it through a volatile field of java.lang.Class, which the agent does not see; the HashMap is
 * java.util's.
 */
public final class EnumValueOfFromTwoThreads {
  enum Color { RED, GREEN, BLUE }

  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Color[] seen = new Color[2];
    Thread worker = new Thread(() -> {
      seen[1] = Color.valueOf("GREEN");
      meet.arriveAndAwait(1);
    }, "worker");
    worker.start();
    meet.arriveAndAwait(0);
    seen[0] = Color.valueOf("BLUE");
    worker.join();
    System.out.println(seen[1] + " " + seen[0]);
  }
}
