// EXPECT: no race
package racecorpus.safe;

/**
 * The interrupter writes, then interrupts a thread asleep in {@code Thread.sleep}: the interrupt synchronizes-with the
 * {@code InterruptedException} it causes (JLS 17.4.4), so the write is ordered before the sleeper's read.
 */
public final class InterruptSleepHandoff {
  private int data;

  public static void main(String[] args) throws InterruptedException {
    InterruptSleepHandoff box = new InterruptSleepHandoff();
    int[] seen = new int[1];
    Thread sleeper = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(60_000); // ended only by the interrupt
        }
      } catch (InterruptedException e) {
        seen[0] = box.data;
      }
    }, "sleeper");
    sleeper.start();
    box.data = 42;
    sleeper.interrupt();
    sleeper.join();
    System.out.println("seen=" + seen[0]);
  }
}
