package dev.racekit.tck.diff;

import java.util.Locale;

/**
 * One event of a generated stream: an operation, the thread it runs on (a handle: 0 is the main thread, then each
 * {@link Op#START} names the handle of the thread it creates) and up to three operands.
 *
 * <table>
 *   <caption>Operands by operation</caption>
 *   <tr><th>op</th><th>a</th><th>b</th><th>c</th></tr>
 *   <tr><td>MAP_SHADOW</td><td>base</td><td>size</td><td>-</td></tr>
 *   <tr><td>START</td><td>pc</td><td>child handle</td><td>-</td></tr>
 *   <tr><td>END</td><td>-</td><td>-</td><td>-</td></tr>
 *   <tr><td>JOIN</td><td>-</td><td>child handle</td><td>-</td></tr>
 *   <tr><td>READ1, WRITE1</td><td>address</td><td>-</td><td>pc</td></tr>
 *   <tr><td>READ, WRITE, ATOMIC_READ, ATOMIC_WRITE</td><td>address</td><td>size</td><td>pc</td></tr>
 *   <tr><td>READ_RANGE, WRITE_RANGE, FREE</td><td>address</td><td>length</td><td>pc</td></tr>
 *   <tr><td>MALLOC</td><td>address</td><td>length</td><td>-</td></tr>
 *   <tr><td>FUNC_ENTER</td><td>pc</td><td>-</td><td>-</td></tr>
 *   <tr><td>ACQUIRE, RELEASE, RELEASE_MERGE</td><td>sync address</td><td>-</td><td>-</td></tr>
 *   <tr><td>BURST</td><td>private base address</td><td>iterations</td><td>pc</td></tr>
 * </table>
 *
 * @param op the operation
 * @param thread the thread handle it runs on (ignored by {@link Op#MAP_SHADOW})
 * @param a first operand
 * @param b second operand
 * @param c third operand
 */
public record Event(Op op, int thread, long a, long b, long c) {

  /** The operations a stream is made of: one per {@link dev.racekit.RaceThread} and detector call. */
  public enum Op {
    MAP_SHADOW, START, END, JOIN,
    READ1, WRITE1, READ, WRITE, ATOMIC_READ, ATOMIC_WRITE, READ_RANGE, WRITE_RANGE,
    FUNC_ENTER, FUNC_EXIT, ACQUIRE, RELEASE, RELEASE_MERGE, IGNORE_BEGIN, IGNORE_END, MALLOC, FREE,
    /**
     * {@code b} iterations of funcEnter(c + i % 8), a write of 8 bytes at {@code a + 8 * ((i / 16) % 64)} every 16th
     * iteration, funcExit(): fills the thread's history ring so that its older accesses can no longer be restored.
     */
    BURST
  }

  /** The event as Java code that a tool would write, for failure messages: {@code t2.write(0x10008, 4, 0x1f)}. */
  @Override
  public String toString() {
    String t = "t" + thread;
    switch (op) {
      case MAP_SHADOW: return "d.mapShadow(" + hex(a) + ", " + hex(b) + ")";
      case START: return "t" + b + " = d.startThread(" + t + ", " + hex(a) + ")";
      case END: return t + ".end()";
      case JOIN: return t + ".join(t" + b + ")";
      case READ1: return t + ".read(" + hex(a) + ", " + hex(c) + ")";
      case WRITE1: return t + ".write(" + hex(a) + ", " + hex(c) + ")";
      case READ: return t + ".read(" + hex(a) + ", " + b + ", " + hex(c) + ")";
      case WRITE: return t + ".write(" + hex(a) + ", " + b + ", " + hex(c) + ")";
      case ATOMIC_READ: return t + ".atomicRead(" + hex(a) + ", " + b + ", " + hex(c) + ")";
      case ATOMIC_WRITE: return t + ".atomicWrite(" + hex(a) + ", " + b + ", " + hex(c) + ")";
      case READ_RANGE: return t + ".readRange(" + hex(a) + ", " + b + ", " + hex(c) + ")";
      case WRITE_RANGE: return t + ".writeRange(" + hex(a) + ", " + b + ", " + hex(c) + ")";
      case FUNC_ENTER: return t + ".funcEnter(" + hex(a) + ")";
      case FUNC_EXIT: return t + ".funcExit()";
      case ACQUIRE: return t + ".acquire(" + hex(a) + ")";
      case RELEASE: return t + ".release(" + hex(a) + ")";
      case RELEASE_MERGE: return t + ".releaseMerge(" + hex(a) + ")";
      case IGNORE_BEGIN: return t + ".ignoreBegin()";
      case IGNORE_END: return t + ".ignoreEnd()";
      case MALLOC: return t + ".malloc(" + hex(a) + ", " + b + ")";
      case FREE: return t + ".free(" + hex(a) + ", " + b + ", " + hex(c) + ")";
      case BURST: return t + ".<burst of " + b + " funcEnter/funcExit pairs, writes at " + hex(a) + ", pc " + hex(c)
          + ">";
      default: throw new AssertionError(op);
    }
  }

  static String hex(long v) {
    return "0x" + Long.toHexString(v).toLowerCase(Locale.ROOT);
  }
}
