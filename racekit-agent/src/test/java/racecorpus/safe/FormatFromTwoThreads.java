// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;

/**
 * String.format on two threads, the worker first. The JDK's Formatter caches the DecimalFormatSymbols it uses in a
 * plain static field (by design: the symbols are effectively immutable), so the main thread reads, with no
 * synchronisation, what the worker built: a publication the agent counts as such, not a race.
 */
public final class FormatFromTwoThreads {
  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    String[] seen = new String[2];
    Thread worker = new Thread(() -> {
      seen[1] = String.format("%,d %.2f", 1234567, 3.14159);
      meet.arriveAndAwait(1);
    }, "worker");
    worker.start();
    meet.arriveAndAwait(0);
    seen[0] = String.format("%,d %.2f", 7654321, 2.71828);
    worker.join();
    System.out.println(seen[1] + " | " + seen[0]);
  }
}
