// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.concurrent.ConcurrentHashMap;

/** Twin of racy.MutableValueInConcurrentMap: the value is mutated inside compute, under the map's bin lock. */
public final class ConcurrentHashMapCompute {
  static final class Box {
    int hits;
  }

  static void hit(ConcurrentHashMap<String, Box> map) {
    map.compute("k", (k, box) -> {
      box.hits++;
      return box;
    });
  }

  public static void main(String[] args) throws InterruptedException {
    ConcurrentHashMap<String, Box> map = new ConcurrentHashMap<>();
    map.put("k", new Box());
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      hit(map);
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    hit(map);
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("hits=" + map.get("k").hits);
  }
}
