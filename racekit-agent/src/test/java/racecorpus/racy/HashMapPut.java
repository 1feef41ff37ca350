// EXPECT-RACE-VIA: HashMapPut.java:14 HashMapPut.java:18 | * java.util.HashMap*
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.HashMap;
import java.util.Map;

/** Two threads put into one HashMap: the race is inside java.util, the report must show these call sites. */
public final class HashMapPut {
  public static void main(String[] args) throws InterruptedException {
    Map<String, Integer> map = new HashMap<>();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      map.put("a", 1); // race @1
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    map.put("b", 2); // race @2
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("entries=" + map.size());
  }
}
