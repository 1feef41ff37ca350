// EXPECT-RACE: FutureNotAwaited.java:18 FutureNotAwaited.java:21 | field racecorpus.racy.FutureNotAwaited.total
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** main writes what a submitted task writes before calling Future.get. */
public final class FutureNotAwaited {
  private int total;

  public static void main(String[] args) throws Exception {
    FutureNotAwaited f = new FutureNotAwaited();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<?> done = pool.submit(() -> {
      f.total = 1; // race @1
      meet.arriveAndAwait(1);
    });
    f.total = 2; // race @2
    meet.arriveAndAwait(0);
    done.get();
    pool.shutdown();
    System.out.println("total=" + f.total);
  }
}
