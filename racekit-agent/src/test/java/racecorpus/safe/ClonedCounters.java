// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;

/**
 * Twin of racy.CountInClone: each thread counts in its own clone of one prototype, with no synchronization between
 * them. {@code clone()} copies every field of the prototype, the agent's own included (where an object keeps its
 * address block): a clone that took the prototype's block would share its addresses with the other clone and be
 * reported racing with it.
 */
public final class ClonedCounters {
  static final class Tally implements Cloneable {
    int count;

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
    prototype.count = 10; // the prototype has its block before it is cloned
    Tally mine = prototype.clone();
    Tally theirs = prototype.clone();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      theirs.count++;
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    mine.count++;
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("counts=" + mine.count + "," + theirs.count);
  }
}
