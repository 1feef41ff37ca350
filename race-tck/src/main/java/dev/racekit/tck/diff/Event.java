package dev.racekit.tck.diff;

import dev.racekit.tck.Operation;
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

  /**
   * The operations a stream is made of: one per {@link Operation} (the table of events; a test checks that none is
   * missing), and {@link #BURST}.
   */
  public enum Op {
    MAP_SHADOW(Operation.MAP_SHADOW), START(Operation.START_THREAD), END(Operation.END_THREAD), JOIN(Operation.JOIN),
    READ1(Operation.READ1), WRITE1(Operation.WRITE1), READ(Operation.READ), WRITE(Operation.WRITE),
    ATOMIC_READ(Operation.ATOMIC_READ), ATOMIC_WRITE(Operation.ATOMIC_WRITE), READ_RANGE(Operation.READ_RANGE),
    WRITE_RANGE(Operation.WRITE_RANGE), FUNC_ENTER(Operation.FUNC_ENTER), FUNC_EXIT(Operation.FUNC_EXIT),
    ACQUIRE(Operation.ACQUIRE), RELEASE(Operation.RELEASE), RELEASE_MERGE(Operation.RELEASE_MERGE),
    IGNORE_BEGIN(Operation.IGNORE_BEGIN), IGNORE_END(Operation.IGNORE_END), MALLOC(Operation.MALLOC),
    FREE(Operation.FREE),
    /**
     * {@code b} iterations of funcEnter(c + i % 8), a write of 8 bytes at {@code a + 8 * ((i / 16) % 64)} every 16th
     * iteration, funcExit(): fills the thread's history ring so that its older accesses can no longer be restored.
     */
    BURST(null);

    private final Operation operation;

    Op(Operation operation) {
      this.operation = operation;
    }

    /** The API call this op makes, or null for {@link #BURST} (many calls). */
    public Operation operation() {
      return operation;
    }

    /** The op that makes the call {@code operation}. */
    public static Op of(Operation operation) {
      for (Op op : values()) {
        if (op.operation == operation) {
          return op;
        }
      }
      throw new IllegalArgumentException("no Event.Op for " + operation);
    }
  }

  /** The event as Java code that a tool would write, for failure messages: {@code t2.write(0x10008, 4, 0x1f)}. */
  @Override
  public String toString() {
    String t = "t" + thread;
    if (op == Op.BURST) {
      return t + ".<burst of " + b + " funcEnter/funcExit pairs, writes at " + hex(a) + ", pc " + hex(c) + ">";
    }
    Operation o = op.operation();
    String args;
    switch (o.shape()) {
      case NONE: args = ""; break;
      case PC: case SYNC: args = hex(a); break;
      case ADDR_PC: args = hex(a) + ", " + hex(c); break;
      case ADDR_SIZE_PC: case RANGE_PC: args = hex(a) + ", " + b + ", " + hex(c); break;
      case RANGE: args = hex(a) + ", " + b; break;
      case BASE_SIZE: args = hex(a) + ", " + hex(b); break;
      case CHILD: args = "t" + b; break;
      case PARENT_PC: return "t" + b + " = d." + o.methodName() + "(" + t + ", " + hex(a) + ")";
      default: throw new AssertionError(o);
    }
    return (o.target() == Operation.Target.DETECTOR ? "d" : t) + "." + o.methodName() + "(" + args + ")";
  }

  static String hex(long v) {
    return "0x" + Long.toHexString(v).toLowerCase(Locale.ROOT);
  }
}
