// EXPECT-RACE: FinalizerAndLaterWrite.java:23 FinalizerAndLaterWrite.java:36 | static field racecorpus.racy.FinalizerAndLaterWrite.lastHandle
package racecorpus.racy;

/**
 * A finalizer and the main thread write one static field, main after the worker that built the object ended: only
 * what came before the end of the object's constructor is ordered before its finalizer (JLS 17.4.5), so main's
 * write races with the finalizer's.
 */
public final class FinalizerAndLaterWrite {
  static volatile int finalized;
  static long lastHandle;

  static final class Resource {
    long handle;

    Resource(long handle) {
      this.handle = handle;
    }

    @Override
    @SuppressWarnings({"deprecation", "removal"})
    protected void finalize() {
      lastHandle = handle; // race @1
      finalized = 1;
    }
  }

  static void makeGarbage() {
    new Resource(7);
  }

  public static void main(String[] args) throws InterruptedException {
    Thread worker = new Thread(FinalizerAndLaterWrite::makeGarbage, "worker-1");
    worker.start();
    worker.join();
    lastHandle = -1; // race @2
    for (int i = 0; i < 1_000 && finalized == 0; i++) {
      System.gc();
      Thread.sleep(10);
    }
    System.out.println("finalized=" + finalized + " last=" + lastHandle);
  }
}
