package realprograms;

import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Project Reactor under the agent: a parallel flux on the parallel scheduler's four rails, and a sequential one
 * subscribed on the single scheduler and published on the bounded-elastic one; then every scheduler is shut down.
 * Prints the two sums, the same in every run.
 */
public final class ReactorPipelines {
  public static void main(String[] args) {
    List<Integer> doubled = Flux.range(0, 20_000).parallel(4).runOn(Schedulers.parallel()).map(x -> x * 2)
        .sequential().collectList().block();
    long sum = 0;
    for (int x : doubled) {
      sum += x;
    }
    Integer shifted = Flux.range(0, 5_000).publishOn(Schedulers.boundedElastic()).map(x -> x + 1)
        .subscribeOn(Schedulers.single()).reduce(0, Integer::sum).block();
    Schedulers.shutdownNow();
    System.out.println("ReactorPipelines sum=" + sum + " shifted=" + shifted);
  }
}
