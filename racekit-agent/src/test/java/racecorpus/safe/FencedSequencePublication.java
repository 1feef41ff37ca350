// EXPECT: no race
package racecorpus.safe;

import java.lang.invoke.VarHandle;

/**
 * A sequence in the Disruptor's style: the writer stores plain data, then the sequence with a plain store after a
 * release fence; the reader loads the sequence with a plain load before an acquire fence, then reads the data. The
 * fences make the sequence's store and load a release/acquire pair, which orders the data.
 */
public final class FencedSequencePublication {
  private long sequence = -1;
  private final long[] slots = new long[4];

  long get() {
    long value = this.sequence;
    VarHandle.acquireFence();
    return value;
  }

  void set(long value) {
    VarHandle.releaseFence();
    this.sequence = value;
  }

  public static void main(String[] args) throws InterruptedException {
    FencedSequencePublication ring = new FencedSequencePublication();
    long[] total = new long[1];
    Thread reader = new Thread(() -> {
      for (long next = 0; next < 4; next++) {
        while (ring.get() < next) {
          Thread.onSpinWait();
        }
        total[0] += ring.slots[(int) next];
      }
    }, "reader");
    reader.start();
    for (int i = 0; i < 4; i++) {
      ring.slots[i] = 10L * (i + 1);
      ring.set(i);
    }
    reader.join();
    System.out.println("total=" + total[0]);
  }
}
