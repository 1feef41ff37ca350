package raceworkloads;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Word count into a ConcurrentHashMap of LongAdders: 4 threads tokenize their share of a generated text. */
public final class WordCount {
  static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "qua", "ex"};

  static String text(int words, long seed) {
    Workload.Random64 rnd = new Workload.Random64(seed);
    StringBuilder sb = new StringBuilder(words * 7);
    for (int w = 0; w < words; w++) {
      int len = 1 + rnd.nextInt(3);
      for (int s = 0; s < len; s++) {
        sb.append(SYLLABLES[rnd.nextInt(SYLLABLES.length)]);
      }
      sb.append(w % 13 == 12 ? '\n' : ' ');
    }
    return sb.toString();
  }

  static void count(String text, Map<String, LongAdder> counts) {
    int start = -1;
    for (int i = 0; i <= text.length(); i++) {
      boolean letter = i < text.length() && Character.isLetter(text.charAt(i));
      if (letter && start < 0) {
        start = i;
      } else if (!letter && start >= 0) {
        counts.computeIfAbsent(text.substring(start, i), k -> new LongAdder()).increment();
        start = -1;
      }
    }
  }

  public static void main(String[] args) throws InterruptedException {
    int wordsPerThread = Workload.scaled(1_200_000, Workload.scale(args));
    ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      long seed = 101L + t;
      Thread th = new Thread(() -> count(text(wordsPerThread, seed), counts), "counter-" + t);
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    long checksum = 0;
    long total = 0;
    for (Map.Entry<String, LongAdder> e : counts.entrySet()) {
      long n = e.getValue().sum();
      total += n;
      checksum += n * e.getKey().hashCode();
    }
    if (total != 4L * wordsPerThread) {
      throw new IllegalStateException("counted " + total + " words, wrote " + 4L * wordsPerThread);
    }
    Workload.result(WordCount.class, checksum ^ counts.size());
  }
}
