// EXPECT: no race
package racecorpus.safe;

/** A thread's end is observed by polling isAlive() until it is false: that is a join. */
public final class IsAlivePolling {
  private long sum;

  public static void main(String[] args) {
    IsAlivePolling p = new IsAlivePolling();
    Thread worker = new Thread(() -> {
      for (int i = 1; i <= 1000; i++) {
        p.sum += i;
      }
    }, "worker-1");
    worker.start();
    while (worker.isAlive()) {
      Thread.onSpinWait();
    }
    p.sum += 1;
    System.out.println("sum=" + p.sum);
  }
}
