package dev.racekit.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The one varint decoder of the trace format: every length, the extremes, and each way an encoding can be bad. */
class VarintTest {

  /**
   * The writer's encoding ({@link TraceWriter}), written out here so the test does not trust the code it checks;
   * other tests build hand-made traces with it.
   */
  static byte[] encode(long v) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while ((v & ~0x7fL) != 0) {
      b.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    b.write((int) v);
    return b.toByteArray();
  }

  private static long decodeAll(byte[] b) throws Varint.Malformed {
    Varint v = new Varint();
    assertEquals(b.length, v.decode(b, 0, b.length), "the position after the varint");
    return v.value();
  }

  @Test
  void everyLengthFromOneToTenBytesRoundTrips() throws Varint.Malformed {
    long[] values = {0, 1, 0x7f, 0x80, 0x3fff, 0x4000, 0x1f_ffff, 0x20_0000, (1L << 28) - 1, 1L << 28,
        (1L << 35) - 1, 1L << 35, (1L << 42) - 1, 1L << 49, 1L << 56, Long.MAX_VALUE, Long.MIN_VALUE, -1L};
    for (long x : values) {
      byte[] b = encode(x);
      assertEquals(x, decodeAll(b), "value " + Long.toUnsignedString(x) + " in " + b.length + " bytes");
    }
    assertEquals(1, encode(0x7f).length);
    assertEquals(3, encode(0x1f_ffff).length);
    assertEquals(10, encode(-1L).length);
  }

  @Test
  void theLargestValueIsTenBytesEndingInOne() throws Varint.Malformed {
    byte[] max = encode(-1L);
    byte[] expected = new byte[10];
    Arrays.fill(expected, (byte) 0xff);
    expected[9] = 1;
    assertArrayEquals(expected, max);
    assertEquals(-1L, decodeAll(max), "2^64 - 1, unsigned");
    assertEquals(Long.MIN_VALUE, decodeAll(encode(Long.MIN_VALUE)));
  }

  @Test
  void randomValuesRoundTripBackToBack() throws Varint.Malformed {
    SplittableRandom rnd = new SplittableRandom(13);
    long[] values = new long[2000];
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = 0; i < values.length; i++) {
      values[i] = rnd.nextLong() >>> rnd.nextInt(64);
      all.writeBytes(encode(values[i]));
    }
    byte[] b = all.toByteArray();
    Varint v = new Varint();
    int p = 0;
    for (long x : values) {
      p = v.decode(b, p, b.length);
      assertEquals(x, v.value());
    }
    assertEquals(b.length, p);
  }

  @Test
  void aNonCanonicalEncodingIsAccepted() throws Varint.Malformed {
    // 0 and 1 padded with continuation bytes: longer than needed, but within ten bytes and 64 bits
    assertEquals(0, decodeAll(new byte[] {(byte) 0x80, 0}));
    assertEquals(1, decodeAll(new byte[] {(byte) 0x81, (byte) 0x80, (byte) 0x80, 0}));
  }

  @Test
  void elevenBytesAreTooLong() {
    byte[] b = new byte[16];
    Arrays.fill(b, 0, 10, (byte) 0x80); // ten continuation bytes, then a terminator that must not be reached
    Varint.Malformed e = assertThrows(Varint.Malformed.class, () -> new Varint().decode(b, 0, b.length));
    assertEquals("a number longer than 10 bytes", e.getMessage());
    assertFalse(e.cutOff());
    assertEquals(0, e.position());
  }

  @Test
  void aTenthByteAboveOneOverflows() {
    byte[] b = encode(-1L);
    b[9] = 2; // bit 64
    Varint.Malformed e = assertThrows(Varint.Malformed.class, () -> new Varint().decode(b, 0, b.length));
    assertEquals("a number larger than 64 bits", e.getMessage());
    assertFalse(e.cutOff());
  }

  @Test
  void aVarintCutOffByTheLimitIsReportedNotReadOn() {
    byte[] whole = encode(1L << 40); // six bytes
    for (int limit = 0; limit < whole.length; limit++) {
      byte[] b = Arrays.copyOf(whole, 16); // the bytes past the limit would complete it: they must not be read
      int lim = limit;
      Varint.Malformed e = assertThrows(Varint.Malformed.class, () -> new Varint().decode(b, 0, lim),
          "limit " + limit);
      assertTrue(e.cutOff(), "limit " + limit);
      assertEquals("a number cut off by the end of the data", e.getMessage());
    }
  }

  @Test
  void aFailureNamesWhereTheVarintStarts() {
    byte[] b = {5, (byte) 0x80, (byte) 0x80};
    Varint v = new Varint();
    Varint.Malformed e = assertThrows(Varint.Malformed.class, () -> v.decode(b, v.decode(b, 0, 3), 3));
    assertEquals(1, e.position());
    assertEquals(5, v.value(), "the value of the last good decode stays");
  }

  @Test
  void zigzagMapsSmallMagnitudesToSmallCodes() {
    assertEquals(0, Varint.unzigzag(0));
    assertEquals(-1, Varint.unzigzag(1));
    assertEquals(1, Varint.unzigzag(2));
    assertEquals(-2, Varint.unzigzag(3));
    assertEquals(Long.MAX_VALUE, Varint.unzigzag(-2L));
    assertEquals(Long.MIN_VALUE, Varint.unzigzag(-1L));
  }
}
