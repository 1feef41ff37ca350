package raceworkloads;

import java.util.stream.IntStream;

/**
 * A parallel-stream numeric kernel: a 1-D stencil iterated over a long array, each step a parallel stream writing a
 * fresh array from the previous one, then a parallel reduction. Integer arithmetic keeps the result exact.
 */
public final class StreamKernel {
  public static void main(String[] args) {
    int steps = Workload.scaled(240, Workload.scale(args));
    int n = 200_000;
    long[] cur = new long[n];
    for (int i = 0; i < n; i++) {
      cur[i] = (i * 2654435761L) & 0xFFFF;
    }
    for (int s = 0; s < steps; s++) {
      long[] prev = cur;
      long[] next = new long[n];
      IntStream.range(0, n).parallel().forEach(i -> {
        long left = prev[i == 0 ? n - 1 : i - 1];
        long right = prev[i == n - 1 ? 0 : i + 1];
        next[i] = (left + 2 * prev[i] + right + (i & 7)) & 0xFFFFFF;
      });
      cur = next;
    }
    long[] result = cur;
    long checksum = IntStream.range(0, n).parallel().mapToLong(i -> result[i] * (i | 1)).sum();
    Workload.result(StreamKernel.class, checksum);
  }
}
