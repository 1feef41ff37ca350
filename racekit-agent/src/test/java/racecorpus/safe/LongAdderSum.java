// EXPECT: no race
package racecorpus.safe;

import java.util.concurrent.atomic.LongAdder;

/** Twin of racy.Counter: four threads add to a LongAdder (striped cells, CAS), main sums after join. */
public final class LongAdderSum {
  public static void main(String[] args) throws InterruptedException {
    LongAdder adder = new LongAdder();
    Thread[] workers = new Thread[4];
    for (int t = 0; t < workers.length; t++) {
      workers[t] = new Thread(() -> {
        for (int i = 0; i < 10_000; i++) {
          adder.increment();
        }
      }, "worker-" + t);
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    System.out.println("sum=" + adder.sum());
  }
}
