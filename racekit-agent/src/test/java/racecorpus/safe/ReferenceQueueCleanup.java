// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A cleanup thread that takes references from their queue and reads what their constructors wrote (a leak detector's
 * or a cache's record of a resource): another thread made the reference and let its referent go. The constructor's
 * writes come before the referent could be collected, the collection before the enqueue, the enqueue before the
 * dequeue (java.lang.ref's memory consistency properties).
 */
public final class ReferenceQueueCleanup {
  static final class Tracked extends WeakReference<Object> {
    final String name;
    int size;

    Tracked(Object resource, ReferenceQueue<Object> queue, String name, int size) {
      super(resource, queue);
      this.name = name;
      this.size = size;
    }
  }

  public static void main(String[] args) throws Exception {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    Set<Tracked> live = Collections.newSetFromMap(new IdentityHashMap<>());
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread owner = new Thread(() -> {
      Tracked t = new Tracked(new Object(), queue, "buffer", 4096); // the resource is dropped at once
      synchronized (live) {
        live.add(t); // the reference itself stays reachable until cleaned up
      }
      meet.arriveAndAwait(1);
    }, "owner");
    owner.start();
    Reference<?> cleaned = null;
    for (int i = 0; i < 100 && cleaned == null; i++) {
      System.gc();
      cleaned = queue.remove(100);
    }
    int size = cleaned == null ? -1 : ((Tracked) cleaned).size;
    meet.arriveAndAwait(0);
    owner.join();
    System.out.println("cleaned " + (cleaned == null ? "nothing" : ((Tracked) cleaned).name + " " + size));
  }
}
