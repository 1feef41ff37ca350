// EXPECT: no race
package racecorpus.libs;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;

/** A Guava LoadingCache (CacheBuilder, size-bounded) loaded and read by 4 threads. */
public final class GuavaLoadingCache {
  public static void main(String[] args) throws InterruptedException {
    LoadingCache<Integer, int[]> cache = CacheBuilder.newBuilder().maximumSize(128).concurrencyLevel(4)
        .build(new CacheLoader<>() {
          @Override
          public int[] load(Integer key) {
            int[] v = new int[4];
            v[0] = key * 2;
            return v;
          }
        });
    long[] sums = new long[4];
    Workers.runAll("guava", 4, w -> {
      long s = 0;
      for (int i = 0; i < 2_000; i++) {
        int key = (i * 13 + w) % 300;
        s += cache.getUnchecked(key)[0];
        if (i % 50 == 0) {
          cache.invalidate(key);
        }
      }
      sums[w] = s;
    });
    System.out.println("sums positive " + (sums[0] > 0 && sums[3] > 0) + " size<=128 " + (cache.size() <= 128));
  }
}
