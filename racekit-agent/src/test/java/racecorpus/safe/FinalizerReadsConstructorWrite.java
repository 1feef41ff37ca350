// EXPECT: no race
package racecorpus.safe;

/**
 * Twin of racy.FinalizerAndLaterWrite: a worker builds objects and changes them after construction, then ends; their
 * finalizer, on the JVM's finalizer thread, reads those fields and adds them into a static field that main wrote
 * before starting the worker. The end of a constructor happens-before the object's finalizer (JLS 17.4.5), and every
 * write to the object's fields before finalization is visible to it (JLS 12.6.1); nothing else orders the threads.
 * (The worker builds the garbage because the agent's per-thread caches keep the last objects a live thread touched
 * reachable; a finished thread's go with it.)
 */
public final class FinalizerReadsConstructorWrite {
  static final int OBJECTS = 100;
  static volatile int finalized; // written by the finalizer thread only
  static long sum;

  static final class Resource {
    long handle;
    long generation;

    Resource(long handle) {
      this.handle = handle;
    }

    void rebind(long generation) {
      this.generation = generation;
    }

    @Override
    @SuppressWarnings({"deprecation", "removal"})
    protected void finalize() {
      long value = handle + generation;
      synchronized (FinalizerReadsConstructorWrite.class) { // finalizers may run on more than one thread
        sum += value;
      }
      finalized = finalized + 1;
    }
  }

  static void makeGarbage() {
    for (int i = 1; i <= OBJECTS; i++) {
      new Resource(i).rebind(1_000);
    }
  }

  public static void main(String[] args) throws InterruptedException {
    sum = 0;
    Thread worker = new Thread(FinalizerReadsConstructorWrite::makeGarbage, "worker-1");
    worker.start();
    worker.join();
    for (int i = 0; i < 1_000 && finalized < OBJECTS; i++) {
      System.gc();
      Thread.sleep(10);
    }
    long total;
    synchronized (FinalizerReadsConstructorWrite.class) {
      total = sum;
    }
    System.out.println("finalized=" + (finalized == OBJECTS) + " sum=" + (finalized == OBJECTS ? total : -1));
  }
}
