// EXPECT-RACE: VirtualThreadCounter.java:13 VirtualThreadCounter.java:13 | static field racecorpus.racy.VirtualThreadCounter.count
// REQUIRES-JDK: 21
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import racecorpus.VirtualThreads;

/** A virtual thread and main increment a static field: virtual threads are threads. */
public final class VirtualThreadCounter {
  static int count;

  static void increment() {
    count++; // race @1
  }

  public static void main(String[] args) throws Exception {
    if (!VirtualThreads.available()) {
      return;
    }
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread virtual = VirtualThreads.start("virtual-1", () -> {
      increment();
      meet.arriveAndAwait(1);
    });
    increment();
    meet.arriveAndAwait(0);
    virtual.join();
    System.out.println("count=" + count);
  }
}
