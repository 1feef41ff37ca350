package realprograms;

import com.google.common.collect.ConcurrentHashMultiset;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.Multiset;
import com.google.common.eventbus.AsyncEventBus;
import com.google.common.eventbus.Subscribe;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Guava's concurrency utilities under the agent: four tasks on a listening executor build immutable lists and post
 * events to an asynchronous event bus on the same pool, whose subscriber sums them into a plain field (the bus
 * delivers to it one event at a time, under a monitor of its own); the tasks' results are combined with {@code Futures.allAsList} and {@code transform}; a concurrent
 * multiset is filled on the side. Prints the element count, the event sum and a count, the same in every run.
 */
public final class GuavaConcurrency {
  /** Sums the events it is given, one at a time ({@code @Subscribe} without {@code @AllowConcurrentEvents}). */
  public static final class Summer {
    long sum;

    @Subscribe
    public void on(Integer i) {
      sum += i;
    }
  }

  public static void main(String[] args) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    AsyncEventBus bus = new AsyncEventBus(pool);
    Summer summer = new Summer();
    bus.register(summer);
    Multiset<Integer> residues = ConcurrentHashMultiset.create();
    ListeningExecutorService executor = MoreExecutors.listeningDecorator(pool);
    List<ListenableFuture<ImmutableList<Integer>>> parts = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      parts.add(executor.submit(() -> {
        ImmutableList.Builder<Integer> b = ImmutableList.builder();
        for (int i = 0; i < 500; i++) {
          b.add(i + id);
          bus.post(i);
          residues.add(i % 7);
        }
        return b.build();
      }));
    }
    int elements = Futures.transform(Futures.allAsList(parts), lists -> lists.stream().mapToInt(List::size).sum(),
        MoreExecutors.directExecutor()).get();
    pool.shutdown();
    if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the event bus did not drain");
    }
    long sum = summer.sum; // every delivery ran on the pool, whose termination is ordered before this
    System.out.println("GuavaConcurrency elements=" + elements + " sum=" + sum + " threes=" + residues.count(3));
  }
}
