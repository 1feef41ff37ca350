// EXPECT: no race
package racecorpus.safe;

import java.util.stream.IntStream;

/** A parallel stream writes distinct elements of a plain array; main reads them after the terminal operation. */
public final class ParallelStreamSum {
  public static void main(String[] args) {
    long[] squares = new long[10_000];
    IntStream.range(0, squares.length).parallel().forEach(i -> squares[i] = (long) i * i);
    long viaStream = IntStream.range(0, squares.length).parallel().mapToLong(i -> squares[i]).sum();
    long direct = 0;
    for (long s : squares) {
      direct += s;
    }
    System.out.println("equal " + (viaStream == direct));
  }
}
