// EXPECT: no race
// REQUIRES-JDK: 21
package racecorpus.safe;

import racecorpus.VirtualThreads;

/** Twin of racy.VirtualThreadCounter: virtual threads increment under a monitor; main reads after joining them. */
public final class VirtualThreadsJoin {
  static int count;

  static synchronized void increment() {
    count++;
  }

  public static void main(String[] args) throws Exception {
    if (!VirtualThreads.available()) {
      return;
    }
    Thread[] threads = new Thread[8];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = VirtualThreads.start("virtual-" + i, VirtualThreadsJoin::increment);
    }
    for (Thread t : threads) {
      t.join();
    }
    count += 100;
    System.out.println("count=" + count);
  }
}
