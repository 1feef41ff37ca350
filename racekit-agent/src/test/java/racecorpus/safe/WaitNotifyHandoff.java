// EXPECT: no race
package racecorpus.safe;

/** Twin of racy.NonVolatileFlag: the flag is guarded by a monitor and waited for with wait/notifyAll. */
public final class WaitNotifyHandoff {
  private int data;
  private boolean ready;

  public static void main(String[] args) throws InterruptedException {
    WaitNotifyHandoff box = new WaitNotifyHandoff();
    Thread writer = new Thread(() -> {
      box.data = 42;
      synchronized (box) {
        box.ready = true;
        box.notifyAll();
      }
    }, "writer");
    writer.start();
    int seen;
    synchronized (box) {
      while (!box.ready) {
        box.wait();
      }
    }
    seen = box.data;
    System.out.println("seen=" + seen);
    writer.join();
  }
}
