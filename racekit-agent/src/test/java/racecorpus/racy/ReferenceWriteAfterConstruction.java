// EXPECT-RACE: ReferenceWriteAfterConstruction.java:35 ReferenceWriteAfterConstruction.java:44 | field racecorpus.racy.ReferenceWriteAfterConstruction$Tracked.size
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * {@code ReferenceQueueCleanup} with the owner changing the reference after constructing it: only the constructor's
 * writes are ordered before the cleanup thread's dequeue, so its read of the field races with the later write.
 */
public final class ReferenceWriteAfterConstruction {
  static final class Tracked extends WeakReference<Object> {
    int size;

    Tracked(Object resource, ReferenceQueue<Object> queue, int size) {
      super(resource, queue);
      this.size = size;
    }
  }

  public static void main(String[] args) throws Exception {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    Set<Tracked> live = Collections.newSetFromMap(new IdentityHashMap<>());
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread owner = new Thread(() -> {
      Tracked t = new Tracked(new Object(), queue, 4096);
      synchronized (live) {
        live.add(t);
      }
      t.size = 8192; // race @1
      meet.arriveAndAwait(1);
    }, "owner");
    owner.start();
    Reference<?> cleaned = null;
    for (int i = 0; i < 100 && cleaned == null; i++) {
      System.gc();
      cleaned = queue.remove(100);
    }
    int size = cleaned == null ? -1 : ((Tracked) cleaned).size; // race @2
    meet.arriveAndAwait(0);
    owner.join();
    System.out.println("cleaned " + (size == 4096 || size == 8192));
  }
}
