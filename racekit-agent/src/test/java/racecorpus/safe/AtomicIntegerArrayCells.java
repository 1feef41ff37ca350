// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.concurrent.atomic.AtomicIntegerArray;

/** Twin of racy.VolatileArrayReference: the elements themselves are atomic. */
public final class AtomicIntegerArrayCells {
  public static void main(String[] args) throws InterruptedException {
    AtomicIntegerArray cells = new AtomicIntegerArray(4);
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      cells.addAndGet(3, 7);
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    cells.addAndGet(3, 9);
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("cell3=" + cells.get(3));
  }
}
