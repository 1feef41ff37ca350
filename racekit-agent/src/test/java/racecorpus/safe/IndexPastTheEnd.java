// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;

/**
 * Twin of racy.LastElement: both threads store to and load from one element past the end of arrays whose block has
 * room there. Each access throws, so none happened, and there is nothing to report.
 */
public final class IndexPastTheEnd {
  static final char[] CHARS = new char[7];
  static final int[] INTS = new int[7];
  static final long[] LONGS = new long[1];
  static final byte[] BYTES = new byte[3];
  static final Object[] REFS = new Object[3];

  static int pastTheEnd(int value) {
    int thrown = 0;
    try {
      CHARS[CHARS.length] = (char) value;
    } catch (ArrayIndexOutOfBoundsException e) {
      thrown++;
    }
    try {
      INTS[INTS.length] = value;
    } catch (ArrayIndexOutOfBoundsException e) {
      thrown++;
    }
    try {
      LONGS[LONGS.length] = value;
    } catch (ArrayIndexOutOfBoundsException e) {
      thrown++;
    }
    try {
      BYTES[BYTES.length] = (byte) value;
    } catch (ArrayIndexOutOfBoundsException e) {
      thrown++;
    }
    try {
      REFS[REFS.length] = value;
    } catch (ArrayIndexOutOfBoundsException e) {
      thrown++;
    }
    try {
      thrown += INTS[INTS.length];
    } catch (ArrayIndexOutOfBoundsException e) {
      thrown++;
    }
    return thrown;
  }

  public static void main(String[] args) throws InterruptedException {
    int[] thrown = new int[2];
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      thrown[0] = pastTheEnd(1);
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    int mine = pastTheEnd(2);
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("thrown=" + thrown[0] + "," + mine);
  }
}
