package dev.racekit.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.racekit.AccessType;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckingDetectorTest {

  /** Writes down which hooks ran. */
  private static final class Hooks extends CheckingDetector {
    final List<String> seen = new ArrayList<>();

    Hooks() {
      super(RaceOptions.defaults());
    }

    @Override
    public String backendName() {
      return "hooks";
    }

    @Override
    public void mapShadow(long base, long size) {}

    @Override
    protected CheckedThread newThread(CheckedThread parent, int id) {
      seen.add("new " + id + (parent == null ? "" : " by " + parent.index()));
      return new CheckedThread(this, id) {
        @Override
        protected void onAccess(long addr, int size, AccessType type, long pc) {
          seen.add(index() + " " + type + " " + addr + "/" + size);
        }

        @Override
        protected void onRange(long addr, long len, boolean write, long pc) {
          seen.add(index() + " range " + addr + "+" + len);
        }

        @Override
        protected void onAcquire(long sync) {
          seen.add(index() + " acquire " + sync);
        }

        @Override
        protected void onMalloc(long addr, long size) {
          seen.add(index() + " malloc " + addr);
        }

        @Override
        protected void onFree(long addr, long size, long pc) {
          seen.add(index() + " free " + addr);
        }

        @Override
        protected void onJoin(CheckedThread child) {
          seen.add(index() + " join " + child.index());
        }
      };
    }
  }

  @Test
  void hooksSeeWhatPassesTheChecksAndNothingInsideIgnoreRegionsButMalloc() {
    Hooks d = new Hooks();
    RaceThread main = d.mainThread();
    RaceThread t = d.startThread(main, 1);
    t.write(8, 1);
    t.atomicRead(16, 4, 1);
    assertThrows(IllegalArgumentException.class, () -> t.read(20, 8, 1));
    t.ignoreBegin();
    t.write(8, 8, 1);
    t.readRange(0, 64, 1);
    t.acquire(5);
    t.free(64, 8, 1);
    t.malloc(128, 8);
    t.ignoreEnd();
    t.acquire(6);
    t.end();
    main.join(t);
    assertEquals(List.of("new 0", "new 1 by 0", "1 WRITE 8/1", "1 ATOMIC_READ 16/4", "1 malloc 128", "1 acquire 6",
        "0 join 1"), d.seen);
  }

  @Test
  void theLifecycleIsCheckedAsBackendsCheckIt() {
    Hooks d = new Hooks();
    RaceThread main = d.mainThread();
    RaceThread t = d.startThread(main, 1);
    assertThrows(IllegalStateException.class, t::funcExit);
    assertThrows(IllegalStateException.class, t::ignoreEnd);
    assertThrows(IllegalStateException.class, () -> main.join(t));
    assertThrows(IllegalArgumentException.class, () -> main.join(main));
    assertThrows(IllegalArgumentException.class, () -> main.join(new Hooks().mainThread()));
    t.end();
    assertThrows(IllegalStateException.class, t::end);
    assertThrows(IllegalStateException.class, () -> d.startThread(t, 1));
    d.close();
    assertEquals(true, main.isEnded());
    assertThrows(IllegalStateException.class, () -> main.write(8, 8, 1));
    assertThrows(IllegalStateException.class, d::mainThread);
  }
}
