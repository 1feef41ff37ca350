// EXPECT-RACE: ElementPastSixteenMiB.java:15 ElementPastSixteenMiB.java:19 | array element [3000000] of long[]
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/**
 * Two threads write one element 24 MB into a 32 MB array: every element of an array up to 2 GiB is tracked, not
 * only its first 16 MiB.
 */
public final class ElementPastSixteenMiB {
  public static void main(String[] args) throws InterruptedException {
    long[] samples = new long[4_000_000];
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      samples[3_000_000] = 1; // race @1
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    samples[3_000_000] = 2; // race @2
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("sample=" + samples[3_000_000]);
  }
}
