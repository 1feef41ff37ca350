package dev.racekit.core;

import dev.racekit.AccessType;
import dev.racekit.Frame;
import dev.racekit.RaceAccess;
import dev.racekit.RaceReport;
import dev.racekit.RaceThreadInfo;
import dev.racekit.Symbolizer;
import java.util.List;
import java.util.Map;

/** Report fixtures shared by the core's tests. */
final class Reports {
  static final long PUT = 0x1001;
  static final long RUN = 0x1002;
  static final long GET = 0x1003;
  static final long MAIN_10 = 0x1004;
  static final long MAIN_8 = 0x1005;

  /** The symbolizer behind the example of DESIGN.md. */
  static final Symbolizer EXAMPLE = pc -> {
    Map<Long, Frame> m = Map.of(
        PUT, new Frame("com.example.Store.put", "/src/com/example/Store.java", 14, 0x2a),
        RUN, new Frame("com.example.Worker.run", "/src/com/example/Worker.java", 23, 0x11),
        GET, new Frame("com.example.Store.get", "/src/com/example/Store.java", 9, 0x3),
        MAIN_10, new Frame("com.example.Main.main", "/src/com/example/Main.java", 10, 0x5),
        MAIN_8, new Frame("com.example.Main.main", "/src/com/example/Main.java", 8, 0x7));
    Frame f = m.get(pc);
    return f == null ? List.of() : List.of(f);
  };

  private Reports() {}

  /** The race of DESIGN.md: thread 3 writes what the main thread read. */
  static RaceReport example() {
    return new RaceReport(RaceReport.Kind.DATA_RACE,
        new RaceAccess(3, 0xc0001010L, 8, AccessType.WRITE, new long[] {PUT, RUN}),
        new RaceAccess(0, 0xc0001010L, 8, AccessType.READ, new long[] {GET, MAIN_10}),
        new RaceThreadInfo(3, true, new long[] {MAIN_8}),
        new RaceThreadInfo(0, true, new long[0]));
  }

  /** A data race between two pcs of two threads, with one-frame stacks. */
  static RaceReport race(long currentPc, long previousPc) {
    return new RaceReport(RaceReport.Kind.DATA_RACE,
        new RaceAccess(2, 0x1000, 8, AccessType.WRITE, new long[] {currentPc}),
        new RaceAccess(1, 0x1000, 8, AccessType.WRITE, new long[] {previousPc}),
        new RaceThreadInfo(2, true, new long[] {0x10}),
        new RaceThreadInfo(1, true, new long[] {0x11}));
  }

  /** A data race whose previous stack could not be restored. */
  static RaceReport lostPrevious(long currentPc) {
    return new RaceReport(RaceReport.Kind.DATA_RACE,
        new RaceAccess(2, 0x1000, 8, AccessType.WRITE, new long[] {currentPc}),
        new RaceAccess(1, 0x1000, 8, AccessType.WRITE, null),
        new RaceThreadInfo(2, true, new long[] {0x10}),
        new RaceThreadInfo(1, true, new long[] {0x11}));
  }
}
