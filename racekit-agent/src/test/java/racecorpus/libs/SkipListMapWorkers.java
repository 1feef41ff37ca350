// EXPECT: no race
package racecorpus.libs;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** ConcurrentSkipListMap (lock-free, CAS on nodes and index levels): 4 threads insert, read, remove, iterate. */
public final class SkipListMapWorkers {
  static final class Value {
    final int[] payload;

    Value(int n) {
      payload = new int[] {n, n + 1};
    }
  }

  public static void main(String[] args) throws InterruptedException {
    ConcurrentSkipListMap<Integer, Value> map = new ConcurrentSkipListMap<>();
    Workers.runAll("skiplist", 4, w -> {
      for (int i = 0; i < 2_000; i++) {
        int key = (i * 31 + w * 7) % 2_000;
        map.put(key, new Value(key));
        Value v = map.get((key + 1) % 2_000);
        if (v != null && v.payload[1] != v.payload[0] + 1) {
          throw new IllegalStateException("torn value");
        }
        if (i % 10 == 0) {
          map.remove(key);
        }
        if (i % 500 == 0) {
          for (Map.Entry<Integer, Value> e : map.headMap(100).entrySet()) {
            if (e.getValue().payload[0] != e.getKey()) {
              throw new IllegalStateException("wrong value");
            }
          }
        }
      }
    });
    System.out.println("size>0 " + !map.isEmpty());
  }
}
