// EXPECT-RACE: WriteAfterClassValueGet.java:27 WriteAfterClassValueGet.java:23 | array element [0] of int[]
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/**
 * A value a ClassValue published is changed afterwards: ClassValue orders what computeValue wrote before every get
 * that finds it, not what its threads write into the value later.
 */
public final class WriteAfterClassValueGet {
  static final ClassValue<int[]> COUNTS = new ClassValue<>() {
    @Override
    protected int[] computeValue(Class<?> type) {
      return new int[] {1, 2};
    }
  };

  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    int[] seen = new int[1];
    Thread worker = new Thread(() -> {
      meet.arriveAndAwait(1);
      seen[0] = COUNTS.get(String.class)[0]; // race @2
    }, "worker-1");
    worker.start();
    int[] counts = COUNTS.get(String.class);
    counts[0] = 5; // race @1
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("count=" + seen[0]);
  }
}
