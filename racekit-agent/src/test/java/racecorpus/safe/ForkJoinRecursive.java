// EXPECT: no race
package racecorpus.safe;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/** Fork/join: subtasks write their results into their own plain fields, parents read them after join. */
public final class ForkJoinRecursive {
  static final class SumTask extends RecursiveAction {
    private final int[] data;
    private final int from;
    private final int to;
    long result;

    SumTask(int[] data, int from, int to) {
      this.data = data;
      this.from = from;
      this.to = to;
    }

    @Override
    protected void compute() {
      if (to - from <= 1_000) {
        long s = 0;
        for (int i = from; i < to; i++) {
          s += data[i];
        }
        result = s;
        return;
      }
      int mid = (from + to) >>> 1;
      SumTask left = new SumTask(data, from, mid);
      SumTask right = new SumTask(data, mid, to);
      left.fork();
      right.compute();
      left.join();
      result = left.result + right.result;
    }
  }

  public static void main(String[] args) {
    int[] data = new int[20_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = i;
    }
    ForkJoinPool pool = new ForkJoinPool(2);
    SumTask root = new SumTask(data, 0, data.length);
    pool.invoke(root);
    pool.shutdown();
    System.out.println("sum=" + root.result);
  }
}
