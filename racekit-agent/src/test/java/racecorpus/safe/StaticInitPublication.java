// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;

/** Twin of racy.LazyInit: the holder idiom, a static initializer publishes the instance to every thread. */
public final class StaticInitPublication {
  private final int[] table = new int[16];

  private StaticInitPublication() {
    for (int i = 0; i < table.length; i++) {
      table[i] = i * i;
    }
  }

  private static final class Holder {
    static final StaticInitPublication INSTANCE = new StaticInitPublication();
  }

  static int lookup(int i) {
    return Holder.INSTANCE.table[i];
  }

  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    int[] seen = new int[2];
    Thread worker = new Thread(() -> {
      seen[1] = lookup(3);
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    seen[0] = lookup(4);
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("seen=" + seen[0] + "," + seen[1]);
  }
}
