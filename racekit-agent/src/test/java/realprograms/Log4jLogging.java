package realprograms;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Log4j 2 (its default configuration: errors to the console) under the agent: four threads log 100 messages each,
 * through loggers of their own and one they share, at once. Prints how many messages were logged.
 */
public final class Log4jLogging {
  static final Logger SHARED = LogManager.getLogger(Log4jLogging.class);

  public static void main(String[] args) throws InterruptedException {
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int id = t;
      threads[t] = new Thread(() -> {
        Logger own = LogManager.getLogger("realprograms.worker" + id);
        for (int i = 0; i < 100; i++) {
          (i % 10 == 0 ? SHARED : own).error("message {} from {}", i, id);
        }
      }, "logger-" + t);
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    System.out.println("Log4jLogging logged=" + threads.length * 100);
  }
}
