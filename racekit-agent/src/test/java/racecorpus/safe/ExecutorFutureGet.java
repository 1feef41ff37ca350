// EXPECT: no race
package racecorpus.safe;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Twin of racy.FutureNotAwaited: main touches the field only after Future.get. */
public final class ExecutorFutureGet {
  private int total;

  public static void main(String[] args) throws Exception {
    ExecutorFutureGet f = new ExecutorFutureGet();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<?> first = pool.submit(() -> {
      f.total = 1;
    });
    first.get();
    f.total += 1;
    Future<Integer> second = pool.submit(() -> f.total * 10);
    int result = second.get();
    pool.shutdown();
    System.out.println("result=" + result);
  }
}
