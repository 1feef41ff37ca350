package racecorpus.libs;

import java.util.ArrayList;
import java.util.List;

/** Runs the same body on n named threads and joins them all; a failure in any body fails the program. */
final class Workers {
  interface Body {
    void run(int worker) throws Exception;
  }

  private Workers() {}

  static void runAll(String prefix, int n, Body body) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    Throwable[] failures = new Throwable[n];
    for (int w = 0; w < n; w++) {
      int id = w;
      Thread t = new Thread(() -> {
        try {
          body.run(id);
        } catch (Throwable e) {
          failures[id] = e;
        }
      }, prefix + "-" + w);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    for (Throwable f : failures) {
      if (f != null) {
        throw new IllegalStateException("a worker failed", f);
      }
    }
  }
}
