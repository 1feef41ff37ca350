// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.HashMap;
import java.util.Map;

/**
 * Twin of racy.RegistryFilledByStaticInitialiser: each thread uses the plugin classes (a static call, {@code new},
 * {@code Class.forName}, reflection, ServiceLoader) before it reads the registry that their initialisers filled. Whichever thread
 * initialises the class, the others wait for it, and the end of the initialisation happens-before their use
 * (JLS 12.4.2).
 */
public final class RegistryReadAfterPluginUse {
  static final Map<String, String> REGISTRY = new HashMap<>();

  /** Registers itself when initialised. */
  static final class Plugin {
    static {
      REGISTRY.put("plugin", "loaded");
    }

    static void touch() {}
  }

  /** Registers itself when initialised. */
  static final class Codec {
    static {
      REGISTRY.put("codec", "loaded");
    }
  }

  /** Registers itself when initialised. */
  static final class Driver {
    static {
      REGISTRY.put("driver", "loaded");
    }
  }

  /** Registers itself when initialised; made by reflection. */
  static final class Reflected {
    static {
      REGISTRY.put("reflected", "loaded");
    }
  }

  /** A service, and its provider, which registers itself when initialised; found by ServiceLoader. */
  public interface Format {}

  /** Listed in META-INF/services. */
  public static final class CsvFormat implements Format {
    static {
      REGISTRY.put("csv", "loaded");
    }
  }

  static String lookUp() throws ReflectiveOperationException {
    Plugin.touch();
    new Codec();
    Class.forName(RegistryReadAfterPluginUse.class.getName() + "$Driver");
    Reflected.class.getDeclaredConstructor().newInstance();
    java.util.ServiceLoader.load(Format.class).iterator().next();
    return REGISTRY.get("plugin") + REGISTRY.get("codec") + REGISTRY.get("driver") + REGISTRY.get("reflected")
        + REGISTRY.get("csv");
  }

  public static void main(String[] args) throws Exception {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    String[] seen = new String[2];
    Thread worker = new Thread(() -> {
      try {
        seen[1] = lookUp();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    seen[0] = lookUp();
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("seen " + seen[0] + " " + seen[1]);
  }
}
