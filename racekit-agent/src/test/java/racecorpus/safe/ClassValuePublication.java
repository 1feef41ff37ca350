// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;

/**
 * Twin of racy.WriteAfterClassValueGet: main computes a table through a ClassValue (as Lucene's AttributeSource
 * caches each class's interfaces), the worker gets it afterwards and reads it. ClassValue publishes what
 * computeValue built; only the rendezvous, invisible to the detector, makes the worker come second.
 */
public final class ClassValuePublication {
  static final ClassValue<int[]> SIZES = new ClassValue<>() {
    @Override
    protected int[] computeValue(Class<?> type) {
      int[] sizes = new int[4];
      for (int i = 0; i < sizes.length; i++) {
        sizes[i] = type.getName().length() + i;
      }
      return sizes;
    }
  };

  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    int[] seen = new int[1];
    Thread worker = new Thread(() -> {
      meet.arriveAndAwait(1);
      seen[0] = SIZES.get(String.class)[3];
    }, "worker-1");
    worker.start();
    int mine = SIZES.get(String.class)[0];
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("sizes=" + mine + "," + seen[0]);
  }
}
