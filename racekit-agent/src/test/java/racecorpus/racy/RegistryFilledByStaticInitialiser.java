// EXPECT-RACE-VIA: RegistryFilledByStaticInitialiser.java:19 RegistryFilledByStaticInitialiser.java:29 | * java.util.HashMap*
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.HashMap;
import java.util.Map;

/**
 * A plugin's static initialiser fills a registry that another thread reads with no synchronisation. The JVM orders
 * an initialiser before the uses of its own class only (JLS 12.4.2), and the reader never uses the plugin class: a
 * race, inside the initialiser.
 */
public final class RegistryFilledByStaticInitialiser {
  static final Map<String, String> REGISTRY = new HashMap<>();

  /** Registers itself when initialised. */
  static final class Plugin {
    static {
      REGISTRY.put("plugin", "loaded"); // race @1
    }

    static void touch() {}
  }

  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    String[] seen = new String[1];
    Thread worker = new Thread(() -> {
      seen[0] = REGISTRY.get("plugin"); // race @2
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    Plugin.touch();
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("seen " + (seen[0] == null || seen[0].equals("loaded")));
  }
}
