// EXPECT: no race
package racecorpus.safe;

import java.util.concurrent.ConcurrentHashMap;

/** An object built by one thread and published through ConcurrentHashMap.put; the reader polls get. */
public final class ConcurrentHashMapPublication {
  static final class Config {
    String name;
    int[] limits;
  }

  public static void main(String[] args) throws InterruptedException {
    ConcurrentHashMap<String, Config> registry = new ConcurrentHashMap<>();
    Thread builder = new Thread(() -> {
      Config c = new Config();
      c.name = "main";
      c.limits = new int[] {1, 2, 3};
      registry.put("cfg", c);
    }, "builder");
    builder.start();
    Config seen;
    while ((seen = registry.get("cfg")) == null) {
      Thread.onSpinWait();
    }
    System.out.println(seen.name + " " + seen.limits[2]);
    builder.join();
  }
}
