// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.logging.Logger;

/**
 * java.util.logging on two threads at once. Formatting a record's time stamp takes the default zone's ZoneId, which
 * the JDK caches in a plain field of the shared default TimeZone (by design: a ZoneId is immutable), so the first
 * two log lines of a program race there on purpose.
 */
public final class LoggingFromTwoThreads {
  private static final Logger LOG = Logger.getLogger("racecorpus");

  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      LOG.info("from the worker");
      meet.arriveAndAwait(1);
    }, "worker");
    worker.start();
    LOG.info("from main");
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("logged twice");
  }
}
