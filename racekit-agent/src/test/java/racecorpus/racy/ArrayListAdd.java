// EXPECT-RACE-VIA: ArrayListAdd.java:14 ArrayListAdd.java:18 | * java.util.* || array element * of java.lang.Object[]
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.ArrayList;
import java.util.List;

/** Two threads add to one ArrayList (size, modCount and the backing array race inside java.util). */
public final class ArrayListAdd {
  public static void main(String[] args) throws InterruptedException {
    List<String> list = new ArrayList<>();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      list.add("worker"); // race @1
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    list.add("main"); // race @2
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("size=" + list.size());
  }
}
