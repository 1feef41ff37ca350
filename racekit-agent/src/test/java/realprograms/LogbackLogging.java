package realprograms;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logback (through SLF4J, with its default console configuration) under the agent: four threads log 100 messages
 * each, through loggers of their own and one they share, at once. Prints how many messages were logged.
 */
public final class LogbackLogging {
  static final Logger SHARED = LoggerFactory.getLogger(LogbackLogging.class);

  public static void main(String[] args) throws InterruptedException {
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int id = t;
      threads[t] = new Thread(() -> {
        Logger own = LoggerFactory.getLogger("realprograms.worker" + id);
        for (int i = 0; i < 100; i++) {
          if (i % 10 == 0) {
            SHARED.warn("checkpoint {} of {}", i, id);
          } else {
            own.info("message {} from {}", i, id);
          }
        }
      }, "logger-" + t);
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    System.out.println("LogbackLogging logged=" + threads.length * 100);
  }
}
