// EXPECT-RACE: ObjectReference.java:14 ObjectReference.java:18 | field racecorpus.racy.ObjectReference.current
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** A reference field replaced by one thread and read by another. */
public final class ObjectReference {
  private Object current = "initial";

  public static void main(String[] args) throws InterruptedException {
    ObjectReference r = new ObjectReference();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      r.current = new StringBuilder("replaced"); // race @1
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    Object seen = r.current; // race @2
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("seen " + (seen != null));
  }
}
