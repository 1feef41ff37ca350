package realprograms;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.List;

/**
 * RxJava 3 under the agent: a parallel flowable on the computation scheduler's four rails, and an observable
 * subscribed on the single scheduler and observed on the io one; then the schedulers are shut down. Prints the two
 * sums, the same in every run.
 */
public final class RxJavaPipelines {
  public static void main(String[] args) {
    List<Integer> doubled = Flowable.range(0, 20_000).parallel(4).runOn(Schedulers.computation()).map(x -> x * 2)
        .sequential().toList().blockingGet();
    long sum = 0;
    for (int x : doubled) {
      sum += x;
    }
    int shifted = Observable.range(0, 5_000).observeOn(Schedulers.io()).map(x -> x + 1)
        .subscribeOn(Schedulers.single()).reduce(0, Integer::sum).blockingGet();
    Schedulers.shutdown();
    System.out.println("RxJavaPipelines sum=" + sum + " shifted=" + shifted);
  }
}
