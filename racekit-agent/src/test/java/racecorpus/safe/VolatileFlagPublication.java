// EXPECT: no race
package racecorpus.safe;

/** Twin of racy.NonVolatileFlag: the flag is volatile, so the data written before it is published. */
public final class VolatileFlagPublication {
  private int data;
  private volatile boolean ready;

  public static void main(String[] args) throws InterruptedException {
    VolatileFlagPublication box = new VolatileFlagPublication();
    Thread writer = new Thread(() -> {
      box.data = 42;
      box.ready = true;
    }, "writer");
    writer.start();
    while (!box.ready) {
      Thread.onSpinWait();
    }
    System.out.println("seen=" + box.data);
    writer.join();
  }
}
