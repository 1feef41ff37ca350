package racecorpus.smoke;

import java.util.HashMap;
import java.util.Map;

/** Two threads put into one HashMap without a lock. */
public class SmokeMapPut {
  static final Map<String, Integer> MAP = new HashMap<>();

  static void put(String k) {
    MAP.put(k, 1); // line 11
  }

  public static void main(String[] args) throws Exception {
    Thread t = new Thread(() -> put("a"), "putter");
    t.start();
    put("b");
    t.join();
    System.out.println("size=" + MAP.size());
  }
}
