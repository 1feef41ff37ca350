package dev.racekit.agent.instrument;

import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A class file's identity up to the order of its methods. The JVM reconstitutes a class loaded before the agent with
 * its methods in the order of their names' addresses in its symbol table, which changes from run to run when class
 * data sharing is off; everything else it gives is the same. A redefinition matches methods by name and descriptor,
 * so the rewrite of one order serves every order.
 */
final class MethodOrderFreeInput {
  private final byte[] b;
  private final int off;
  private final int len;
  /** Start and end of each method_info, sorted by content; null when the bytes could not be parsed as a class. */
  private final int[][] methods;
  private final int methodsStart;
  private final int methodsEnd;

  MethodOrderFreeInput(byte[] b, int off, int len) {
    this.b = b;
    this.off = off;
    this.len = len;
    int[][] m = null;
    int start = 0;
    int end = 0;
    try {
      int p = afterConstantPool(b, off) + 6; // access, this, super
      p += 2 + 2 * u2(b, p); // interfaces
      p = skipMembers(b, p); // fields
      start = p;
      int n = u2(b, p);
      p += 2;
      m = new int[n][];
      for (int i = 0; i < n; i++) {
        int s = p;
        p = skipAttributes(b, p + 6);
        m[i] = new int[] {s, p};
      }
      end = p;
      if (end > off + len) {
        m = null;
      } else {
        Arrays.sort(m, new ByContent(b));
      }
    } catch (RuntimeException e) {
      m = null; // not a class file: compared as plain bytes
    }
    this.methods = m;
    this.methodsStart = start;
    this.methodsEnd = end;
  }

  /** Where a class file's constant pool ends (a walk over its entries; no reader is built: this runs per class). */
  private static int afterConstantPool(byte[] b, int off) {
    if (b.length - off < 10 || u2(b, off) != 0xCAFE || u2(b, off + 2) != 0xBABE) {
      throw new IllegalArgumentException("not a class file");
    }
    int n = u2(b, off + 8);
    int p = off + 10;
    for (int i = 1; i < n; i++) {
      int tag = b[p] & 0xFF;
      switch (tag) {
        case 1 -> p += 3 + u2(b, p + 1); // Utf8
        case 3, 4, 9, 10, 11, 12, 17, 18 -> p += 5; // Integer, Float, refs, NameAndType, (Invoke)Dynamic
        case 5, 6 -> { // Long, Double: two entries
          p += 9;
          i++;
        }
        case 7, 8, 16, 19, 20 -> p += 3; // Class, String, MethodType, Module, Package
        case 15 -> p += 4; // MethodHandle
        default -> throw new IllegalArgumentException("constant pool tag " + tag);
      }
    }
    return p;
  }

  private static int u2(byte[] b, int p) {
    return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
  }

  private static int skipMembers(byte[] b, int p) {
    int n = u2(b, p);
    p += 2;
    for (int i = 0; i < n; i++) {
      p = skipAttributes(b, p + 6);
    }
    return p;
  }

  private static int skipAttributes(byte[] b, int p) {
    int n = u2(b, p);
    p += 2;
    for (int i = 0; i < n; i++) {
      int length = ((b[p + 2] & 0xFF) << 24) | ((b[p + 3] & 0xFF) << 16) | ((b[p + 4] & 0xFF) << 8) | (b[p + 5] & 0xFF);
      if (length < 0) {
        throw new IllegalArgumentException("attribute length");
      }
      p += 6 + length;
    }
    return p;
  }

  /**
   * Orders method spans by their bytes. A class, not a lambda: this runs inside transformations, where linking a
   * lambda for the first time would load and define classes.
   */
  private static final class ByContent implements java.util.Comparator<int[]> {
    private final byte[] b;

    ByContent(byte[] b) {
      this.b = b;
    }

    @Override
    public int compare(int[] x, int[] y) {
      return Arrays.compare(b, x[0], x[1], b, y[0], y[1]);
    }
  }

  /** A CRC-based hash that does not depend on the order of the methods. */
  int hash() {
    CRC32 c = new CRC32();
    if (methods == null) {
      c.update(b, off, len);
      return (int) c.getValue();
    }
    c.update(b, off, methodsStart - off);
    c.update(b, methodsEnd, off + len - methodsEnd);
    int h = (int) c.getValue();
    for (int[] m : methods) { // sorted: the order of the file does not matter
      c.reset();
      c.update(b, m[0], m[1] - m[0]);
      h = 31 * h + (int) c.getValue();
    }
    return h;
  }

  /** Whether the two are the same class file up to the order of their methods. */
  boolean sameAs(MethodOrderFreeInput o) {
    if (methods == null || o.methods == null) {
      return Arrays.equals(b, off, off + len, o.b, o.off, o.off + o.len);
    }
    if (methods.length != o.methods.length
        || !Arrays.equals(b, off, methodsStart, o.b, o.off, o.methodsStart)
        || !Arrays.equals(b, methodsEnd, off + len, o.b, o.methodsEnd, o.off + o.len)) {
      return false;
    }
    for (int i = 0; i < methods.length; i++) {
      if (!Arrays.equals(b, methods[i][0], methods[i][1], o.b, o.methods[i][0], o.methods[i][1])) {
        return false;
      }
    }
    return true;
  }
}
