package dev.racekit.tck;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.AccessType;
import dev.racekit.RaceAccess;
import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceReport;
import dev.racekit.RaceThread;
import dev.racekit.Symbolizer;
import dev.racekit.core.RaceKit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root of the conformance suite: opens detectors of the backend under test and states expectations about reports.
 *
 * <p>The suite is one abstract class hierarchy, one concern per level (thread lifecycle, synchronization, accesses,
 * memory, reports, report text, scale, misuse), ending in {@link RaceConformanceSuite}, which a backend's tests extend.
 * It uses only the public API and {@code RaceKit.builder().backend(name)}. Every detector it opens prints its reports to
 * a log file in a temporary directory, never to stderr, and is closed after the test.
 */
public abstract class TckBase {
  /** The start of the range every scenario maps. */
  public static final long BASE = 0x10_0000_0000L;
  /** The size of that range: 64 MiB, shadowed lazily. */
  public static final long MAP_SIZE = 64L << 20;

  /** Words used by the cases; each is 8-byte aligned and mapped. */
  protected static final long X = BASE + 0x100;
  protected static final long Y = BASE + 0x200;
  protected static final long Z = BASE + 0x300;
  /** A block for malloc/free cases: 64 bytes. */
  protected static final long BLOCK = BASE + 0x1000;
  /** Filler words for history cases: 1 MiB at 8 MiB. */
  protected static final long FILL = BASE + (8L << 20);
  /** Sync objects (they need no mapping). */
  protected static final long L1 = 0x5000_0010L;
  protected static final long L2 = 0x5000_0020L;
  protected static final long L3 = 0x5000_0030L;
  /** Addresses outside the mapped range. */
  protected static final long BELOW = BASE - 0x1000;
  protected static final long ABOVE = BASE + MAP_SIZE + 0x1000;

  /** Where each test's log files go. */
  @TempDir protected Path tmp;

  private final List<Scenario> scenarios = new ArrayList<>();
  private int logFiles;

  /** The name of the backend under test, as {@code RaceKit.builder().backend(name)} takes it. */
  protected abstract String backendName();

  /** Opens a detector with the default options (log to a file). */
  protected Scenario open() {
    return open("");
  }

  /** Opens a detector with extra options, {@code key=value} pairs separated by spaces (log_path is always set). */
  protected Scenario open(String options) {
    return open(options, new TestSymbolizer());
  }

  /** Opens a detector with extra options and a symbolizer. */
  protected Scenario open(String options, Symbolizer symbolizer) {
    return open(options, symbolizer, tmp.resolve("racekit-" + (++logFiles)));
  }

  /** Opens a detector that logs to {@code logBase.<pid>}. */
  protected Scenario open(String options, Symbolizer symbolizer, Path logBase) {
    RaceOptions.Builder b = RaceOptions.builder().logPath(logBase.toString());
    for (String pair : options.trim().split("\\s+")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        b.set(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    RaceDetector d = RaceKit.builder().backend(backendName()).options(b.build()).symbolizer(symbolizer).open();
    Scenario s = new Scenario(d, logBase);
    scenarios.add(s);
    return s;
  }

  /**
   * Runs a case in a new scenario with the default options and one child of main started at {@code pc}: the set-up
   * most cases share, stated in one line.
   */
  protected void withChild(long pc, CaseBody.OneChild body) {
    withChild("", pc, body);
  }

  /** Runs a case in a new scenario with these options and one child of main started at {@code pc}. */
  protected void withChild(String options, long pc, CaseBody.OneChild body) {
    Scenario s = open(options);
    body.run(s, s.start(pc));
  }

  /** Runs a case in a new scenario with the default options and two children of main, started in this order. */
  protected void withTwoChildren(long pcA, long pcB, CaseBody.TwoChildren body) {
    Scenario s = open();
    RaceThread a = s.start(pcA);
    RaceThread b = s.start(pcB);
    body.run(s, a, b);
  }

  /** Runs a case in a new scenario with the default options and three children of main, started in this order. */
  protected void withThreeChildren(long pcA, long pcB, long pcC, CaseBody.ThreeChildren body) {
    Scenario s = open();
    RaceThread a = s.start(pcA);
    RaceThread b = s.start(pcB);
    RaceThread c = s.start(pcC);
    body.run(s, a, b, c);
  }

  @AfterEach
  void closeScenarios() {
    for (Scenario s : scenarios) {
      s.close();
    }
    scenarios.clear();
  }

  /** What one side of a race is expected to be: the stack is the access pc, then the call sites, innermost first. */
  protected record Access(long thread, AccessType type, long addr, int size, long[] stack) {
    @Override
    public String toString() {
      return type + " of " + size + " at " + hex(addr) + " by thread " + thread + " stack " + hexes(stack);
    }
  }

  /** An expected access by {@code t}: its stack is {@code pc} followed by {@code callSites}, innermost first. */
  protected static Access access(RaceThread t, AccessType type, long addr, int size, long pc, long... callSites) {
    long[] stack = new long[callSites.length + 1];
    stack[0] = pc;
    System.arraycopy(callSites, 0, stack, 1, callSites.length);
    return new Access(t.id(), type, addr, size, stack);
  }

  /**
   * Makes a sized access on {@code t} (read, write, atomicRead or atomicWrite, as {@code type} says) and returns it as
   * a report must name it, which is {@link #access} of the same arguments. Where a report names an access otherwise
   * (a range, the part of an access inside the racing word, a free), the case makes the call and states the
   * expectation with {@link #access}.
   */
  protected static Access make(RaceThread t, AccessType type, long addr, int size, long pc, long... callSites) {
    switch (type) {
      case READ -> t.read(addr, size, pc);
      case WRITE -> t.write(addr, size, pc);
      case ATOMIC_READ -> t.atomicRead(addr, size, pc);
      case ATOMIC_WRITE -> t.atomicWrite(addr, size, pc);
      default -> throw new IllegalArgumentException("not a sized access: " + type);
    }
    return access(t, type, addr, size, pc, callSites);
  }

  /** Asserts that exactly one report was made, a data race between these two accesses. */
  protected static RaceReport assertRace(Scenario s, Access current, Access previous) {
    RaceReport r = s.onlyReport();
    assertReport(r, RaceReport.Kind.DATA_RACE, current, previous);
    return r;
  }

  /** Asserts that exactly one report was made, a use after free between this access and the free. */
  protected static RaceReport assertUseAfterFree(Scenario s, Access current, Access free) {
    RaceReport r = s.onlyReport();
    assertReport(r, RaceReport.Kind.USE_AFTER_FREE, current, free);
    return r;
  }

  /** Asserts every field of a report: kind, both accesses (thread, type, address, size, exact stack), both threads. */
  protected static void assertReport(RaceReport r, RaceReport.Kind kind, Access current, Access previous) {
    assertAll("report " + r,
        () -> assertEquals(kind, r.kind(), "kind"),
        () -> assertAccess("current", current, r.current()),
        () -> assertAccess("previous", previous, r.previous()),
        () -> assertEquals(current.thread(), r.currentThread().id(), "current thread info id"),
        () -> assertTrue(r.currentThread().running(), "the thread that finds a race is running"),
        () -> assertEquals(previous.thread(), r.previousThread().id(), "previous thread info id"));
  }

  /** Asserts one side of a race, stack included. */
  protected static void assertAccess(String side, Access expected, RaceAccess actual) {
    assertAll(side + " access " + actual,
        () -> assertEquals(expected.thread(), actual.threadId(), side + " thread"),
        () -> assertEquals(expected.type(), actual.type(), side + " type"),
        () -> assertEquals(hex(expected.addr()), hex(actual.address()), side + " address"),
        () -> assertEquals(expected.size(), actual.size(), side + " size"),
        () -> assertTrue(actual.stackRestored(), side + " stack restored"),
        () -> assertEquals(hexes(expected.stack()), hexes(actual.stack()), side + " stack"),
        () -> assertEquals(expected.stack()[0], actual.pc(), side + " pc"));
  }

  /** Asserts that no race was reported, by the listener and by the count. */
  protected static void assertNoRace(Scenario s) {
    assertEquals(List.of(), s.reports(), "reports");
    assertEquals(0, s.detector().reportCount(), "reportCount");
  }

  /** Asserts the pcs of a stack, innermost first. */
  protected static void assertStack(long[] actual, long... expected) {
    assertArrayEquals(expected, actual, () -> "stack " + hexes(actual) + ", expected " + hexes(expected));
  }

  private static long probes;

  /**
   * Asserts that the detector still finds races: a new child writes a fresh word, then {@code joiner} writes it without
   * synchronization; exactly one new report must name both. Then the child is ended and joined.
   */
  protected static void assertStillDetectsRaces(Scenario s, RaceThread joiner) {
    long n;
    synchronized (TckBase.class) {
      n = probes++;
    }
    long addr = BASE + (16L << 20) + 8 * (n % (1 << 16));
    long pcBase = 0x7700_0000L + 16 * n;
    int before = s.reports().size();
    long countBefore = s.detector().reportCount();
    RaceThread t = s.start(joiner, pcBase);
    t.write(addr, 8, pcBase + 1);
    joiner.write(addr, 8, pcBase + 2);
    List<RaceReport> after = s.reports();
    assertEquals(before + 1, after.size(), "the detector must still find a race: " + after);
    assertEquals(countBefore + 1, s.detector().reportCount(), "reportCount");
    assertReport(after.get(before), RaceReport.Kind.DATA_RACE,
        access(joiner, AccessType.WRITE, addr, 8, pcBase + 2), access(t, AccessType.WRITE, addr, 8, pcBase + 1));
    s.endAndJoin(joiner, t);
  }

  protected static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  protected static String hexes(long[] pcs) {
    return Arrays.stream(pcs).mapToObj(TckBase::hex).toList().toString();
  }
}
