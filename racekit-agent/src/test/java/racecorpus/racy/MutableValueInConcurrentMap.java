// EXPECT-RACE: MutableValueInConcurrentMap.java:14 MutableValueInConcurrentMap.java:14 | field racecorpus.racy.MutableValueInConcurrentMap$Box.hits
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.concurrent.ConcurrentHashMap;

/** A ConcurrentHashMap makes get/put safe, not the mutable objects it holds. */
public final class MutableValueInConcurrentMap {
  static final class Box {
    int hits;
  }

  static void hit(ConcurrentHashMap<String, Box> map) {
    map.get("k").hits++; // race @1
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
