// EXPECT-RACE: WriteAfterStart.java:15 WriteAfterStart.java:19 | field racecorpus.racy.WriteAfterStart.config
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** main changes a field after starting the thread that reads it: start orders only what came before it. */
public final class WriteAfterStart {
  private int config = 1;

  public static void main(String[] args) throws InterruptedException {
    WriteAfterStart s = new WriteAfterStart();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    int[] seen = new int[1];
    Thread reader = new Thread(() -> {
      seen[0] = s.config; // race @1
      meet.arriveAndAwait(1);
    }, "reader");
    reader.start();
    s.config = 2; // race @2
    meet.arriveAndAwait(0);
    reader.join();
    System.out.println("seen " + (seen[0] == 1 || seen[0] == 2));
  }
}
