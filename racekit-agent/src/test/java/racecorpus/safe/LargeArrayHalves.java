// EXPECT: no race
package racecorpus.safe;

/**
 * Twin of racy.ElementPastSixteenMiB: two threads fill the two halves of a 24 MB array (the worker's half by a loop
 * and an arraycopy, all of it past 12 MB), and main reads every element after join.
 */
public final class LargeArrayHalves {
  public static void main(String[] args) throws InterruptedException {
    int[] values = new int[6_000_000];
    int half = values.length / 2;
    Thread worker = new Thread(() -> {
      for (int i = half; i < half + 1_000; i++) {
        values[i] = i;
      }
      for (int from = half; from + 2_000 <= values.length; from += 1_000) {
        System.arraycopy(values, from, values, from + 1_000, 1_000);
      }
    }, "worker-1");
    worker.start();
    for (int i = 0; i < half; i++) {
      values[i] = 1;
    }
    worker.join();
    long sum = 0;
    for (int v : values) {
      sum += v;
    }
    System.out.println("sum=" + sum);
  }
}
