// EXPECT: no race
package racecorpus.safe;

import java.util.concurrent.atomic.AtomicReference;

/** Twin of racy.ObjectReference: the object is published through an AtomicReference. */
public final class AtomicReferencePublication {
  static final class Snapshot {
    int version;
    String label;
  }

  public static void main(String[] args) throws InterruptedException {
    AtomicReference<Snapshot> current = new AtomicReference<>();
    Thread worker = new Thread(() -> {
      Snapshot s = new Snapshot();
      s.version = 2;
      s.label = "v2";
      current.set(s);
    }, "worker-1");
    worker.start();
    Snapshot seen;
    while ((seen = current.get()) == null) {
      Thread.onSpinWait();
    }
    seen.version++;
    System.out.println(seen.label + " " + seen.version);
    worker.join();
  }
}
