// EXPECT: no race
// KNOWN-ISSUE: java,jni jdk17: JDK 17 links string-concatenation call sites (invokedynamic) in whichever thread comes first and publishes the byte[] it built through the VM, which the agent does not see: reported as a race in Arrays.copyOfRange
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** Twin of racy.HashMapPut: the HashMap is wrapped by Collections.synchronizedMap. */
public final class SynchronizedMapPut {
  public static void main(String[] args) throws InterruptedException {
    Map<String, Integer> map = Collections.synchronizedMap(new HashMap<>());
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      for (int i = 0; i < 100; i++) {
        map.put("w" + i, i);
      }
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    for (int i = 0; i < 100; i++) {
      map.put("m" + i, i);
    }
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("entries=" + map.size());
  }
}
