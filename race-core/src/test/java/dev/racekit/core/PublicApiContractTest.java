package dev.racekit.core;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import dev.racekit.AccessType;
import dev.racekit.Frame;
import dev.racekit.RaceAccess;
import dev.racekit.RaceOptions;
import dev.racekit.RaceReport;
import dev.racekit.RaceThreadInfo;
import dev.racekit.Symbolizer;
import org.junit.jupiter.api.Test;

/**
 * The public API's value types and entry points keep the usual Java contracts: a null where none is allowed is an
 * immediate {@link NullPointerException} (not a failure later, inside a backend), and equality is by value.
 */
class PublicApiContractTest {
  private static NullPointerTester tester() throws NoSuchMethodException {
    NullPointerTester t = new NullPointerTester()
        .setDefault(AccessType.class, AccessType.WRITE)
        .setDefault(Frame.class, Frame.unknown(1))
        .setDefault(RaceAccess.class, access(1, 0x10))
        .setDefault(RaceThreadInfo.class, new RaceThreadInfo(1, true, new long[] {0x40}))
        .setDefault(RaceOptions.class, RaceOptions.defaults())
        .setDefault(Symbolizer.class, Symbolizer.raw());
    // A null stack is documented: "the stack could not be restored".
    t.ignore(RaceAccess.class.getConstructor(long.class, long.class, int.class, AccessType.class, long[].class));
    // parse(null) gives the defaults: it reads an environment variable that may be unset.
    t.ignore(RaceOptions.class.getMethod("parse", String.class));
    return t;
  }

  private static RaceAccess access(long thread, long addr) {
    return new RaceAccess(thread, addr, 8, AccessType.WRITE, new long[] {0x10, 0x20});
  }

  @Test
  void nullArgumentsAreRejectedAtOnce() throws Exception {
    NullPointerTester t = tester();
    t.testAllPublicConstructors(Frame.class);
    t.testAllPublicStaticMethods(Frame.class);
    t.testAllPublicConstructors(RaceReport.class);
    t.testAllPublicConstructors(RaceThreadInfo.class);
    t.testAllPublicStaticMethods(RaceOptions.class);
    t.testAllPublicInstanceMethods(RaceOptions.builder());
    t.testAllPublicInstanceMethods(RaceKit.builder());
  }

  @Test
  void valueTypesCompareByValue() {
    new EqualsTester()
        .addEqualityGroup(new Frame("f", "F.java", 3, 0x10), new Frame("f", "F.java", 3, 0x10))
        .addEqualityGroup(new Frame("f", "F.java", 4, 0x10))
        .addEqualityGroup(Frame.unknown(0x10))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(access(1, 0x10), access(1, 0x10))
        .addEqualityGroup(access(2, 0x10))
        .addEqualityGroup(access(1, 0x18))
        .addEqualityGroup(new RaceAccess(1, 0x10, 8, AccessType.WRITE, null),
            new RaceAccess(1, 0x10, 8, AccessType.WRITE, null))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(new RaceThreadInfo(1, true, new long[] {1, 2}), new RaceThreadInfo(1, true, new long[] {1, 2}))
        .addEqualityGroup(new RaceThreadInfo(1, false, new long[] {1, 2}))
        .addEqualityGroup(new RaceThreadInfo(1, true, new long[] {1}))
        .testEquals();
    RaceThreadInfo t1 = new RaceThreadInfo(1, true, new long[] {0x40});
    RaceThreadInfo t2 = new RaceThreadInfo(2, true, new long[] {0x44});
    new EqualsTester()
        .addEqualityGroup(new RaceReport(RaceReport.Kind.DATA_RACE, access(1, 0x10), access(2, 0x10), t1, t2),
            new RaceReport(RaceReport.Kind.DATA_RACE, access(1, 0x10), access(2, 0x10), t1, t2))
        .addEqualityGroup(new RaceReport(RaceReport.Kind.USE_AFTER_FREE, access(1, 0x10), access(2, 0x10), t1, t2))
        .addEqualityGroup(new RaceReport(RaceReport.Kind.DATA_RACE, access(2, 0x10), access(1, 0x10), t2, t1))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(RaceOptions.defaults(), RaceOptions.parse(""), RaceOptions.builder().build())
        .addEqualityGroup(RaceOptions.parse("exitcode=3"), RaceOptions.builder().exitCode(3).build())
        .testEquals();
  }
}
