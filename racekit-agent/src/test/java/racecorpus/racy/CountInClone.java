// EXPECT-RACE: CountInClone.java:16 CountInClone.java:16 | field racecorpus.racy.CountInClone$Tally.count
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/**
 * Two threads increment a field of one clone with no synchronization. The clone was made from a prototype that
 * already had its address block (the agent keeps it in a field of the object, which {@code clone()} copies): the
 * clone's own block must be found by both threads, and the race on it reported.
 */
public final class CountInClone {
  static final class Tally implements Cloneable {
    int count;

    void increment() {
      count++; // race @1
    }

    @Override
    public Tally clone() {
      try {
        return (Tally) super.clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }

  public static void main(String[] args) throws InterruptedException {
    Tally prototype = new Tally();
    prototype.increment();
    Tally shared = prototype.clone();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      shared.increment();
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    shared.increment();
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("count=" + shared.count + " prototype=" + prototype.count);
  }
}
