package racecorpus.smoke;

/** The synchronised twin of {@link SmokeCounter}, plus a lock-protected array element and a volatile flag. */
public class SmokeSyncCounter {
  int count;
  volatile boolean done;
  int payload;

  synchronized void increment() {
    count++;
  }

  public static void main(String[] args) throws Exception {
    SmokeSyncCounter c = new SmokeSyncCounter();
    Thread[] ts = new Thread[3];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = new Thread(() -> {
        for (int j = 0; j < 500; j++) {
          c.increment();
        }
      }, "worker-" + i);
      ts[i].start();
    }
    c.increment();
    for (Thread t : ts) {
      t.join();
    }
    int[] cells = new int[4];
    Object lock = new Object();
    Thread w = new Thread(() -> {
      synchronized (lock) {
        cells[2]++;
      }
      c.payload = 7;
      c.done = true;
    });
    w.start();
    synchronized (lock) {
      cells[2]++;
    }
    while (!c.done) {
      Thread.onSpinWait();
    }
    System.out.println("count=" + c.count + " cell=" + cells[2] + " payload=" + c.payload);
    w.join();
  }
}
