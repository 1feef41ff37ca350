// EXPECT: no race
// KNOWN-ISSUE: java,jni jdk17: JDK 17 links string-concatenation call sites (invokedynamic) in whichever thread comes first and publishes the byte[] it built through the VM, which the agent does not see: reported as a race in Arrays.copyOfRange
package racecorpus.libs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** A bounded Caffeine cache used by 4 threads: get, put, compute and getIfPresent on overlapping keys. */
public final class CaffeineCache {
  static final class Entry {
    long hits;
    final int key;

    Entry(int key) {
      this.key = key;
    }
  }

  public static void main(String[] args) throws InterruptedException {
    Cache<Integer, Entry> cache = Caffeine.newBuilder().maximumSize(256).executor(Runnable::run).build();
    Workers.runAll("caffeine", 4, w -> {
      for (int i = 0; i < 2_000; i++) {
        int key = (i * 7 + w) % 512;
        switch (i % 4) {
          case 0 -> cache.get(key, Entry::new);
          case 1 -> cache.put(key, new Entry(key));
          case 2 -> cache.asMap().compute(key, (k, e) -> {
            Entry x = e == null ? new Entry(k) : e;
            x.hits++; // under compute's lock for this key
            return x;
          });
          default -> cache.getIfPresent(key);
        }
      }
    });
    cache.cleanUp();
    System.out.println("size<=256 " + (cache.estimatedSize() <= 256));
  }
}
