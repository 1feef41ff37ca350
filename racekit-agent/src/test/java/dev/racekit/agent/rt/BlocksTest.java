package dev.racekit.agent.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

class BlocksTest {
  static class Base {
    int a;
    long b;
  }

  static class Derived extends Base {
    static int counter;
    static volatile boolean flag;
    Object c;
  }

  private final Blocks blocks = new Blocks();

  private Blocks.Found find(Object o) {
    Blocks.Found f = new Blocks.Found();
    blocks.lookup(o, f);
    return f;
  }

  @Test
  void anObjectKeepsItsBlockAndTwoObjectsNeverShareOne() {
    Object x = new Derived();
    Object y = new Derived();
    long bx = find(x).block;
    assertEquals(bx, find(x).block);
    assertNotEquals(bx, find(y).block);
    assertTrue(bx >= Blocks.BASE && bx < Blocks.BASE + Blocks.MAPPED_SIZE);
  }

  @Test
  void superclassFieldsComeFirstSoSlotsAgreeInEverySubclass() {
    Layout base = Layout.of(Base.class);
    Layout derived = Layout.of(Derived.class);
    assertEquals(2, base.instanceCount());
    assertEquals(3, derived.instanceCount());
    assertEquals(2, derived.base);
    assertEquals("c", derived.fieldAtSlot(2).getName());
    assertEquals(base.fieldAtSlot(0).getName(), derived.fieldAtSlot(0).getName());
    assertEquals(2, Layout.of(Derived.class).staticCount());
  }

  @Test
  void aNewLargeBlockIsDeclaredFreshBeforeUseAndASmallOneIsNot() {
    java.util.List<long[]> fresh = new java.util.ArrayList<>();
    Blocks.Reset reset = (block, size) -> fresh.add(new long[] {block, size});
    Blocks.Found f = new Blocks.Found();
    int[] small = new int[8];
    blocks.lookup(small, System.identityHashCode(small), f, reset);
    assertEquals(0, fresh.size(), "a small new block: its shadow pages are shared and fault in as they are used");
    long[] big = new long[10_000]; // 8 + 80,000 bytes: the 128 KiB class
    blocks.lookup(big, System.identityHashCode(big), f, reset);
    assertEquals(1, fresh.size());
    assertEquals(f.block, fresh.get(0)[0]);
    assertEquals(8 + 80_000, fresh.get(0)[1], "the object's bytes, not the whole power-of-two block");
    blocks.lookup(big, System.identityHashCode(big), f, reset);
    assertEquals(1, fresh.size(), "found again: not declared fresh again");
  }

  @Test
  void blockSizeFollowsFieldsAndArrayElements() {
    assertEquals(5, find(new Derived()).shift, "sync word + 3 fields = 32 bytes");
    assertEquals(4, find(new Object()).shift, "the smallest block is 16 bytes");
    assertEquals(7, find(new int[30]).shift, "8 + 120 bytes");
    assertEquals(12, find(new byte[4000]).shift, "8 + 4000 bytes");
    assertEquals(Blocks.MAX_SHIFT, find(new long[10_000_000]).shift, "clipped to the largest size class");
  }

  @Test
  void collectedObjectsReturnTheirBlocksForReuse() throws InterruptedException {
    int shift = find(new Derived()).shift;
    long before = blocks.footprint(shift);
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 20_000; i++) {
        find(new Derived());
      }
      System.gc();
      blocks.drainQueue();
    }
    WeakReference<Object> probe = new WeakReference<>(new Object());
    while (probe.get() != null) {
      System.gc();
      Thread.sleep(10);
    }
    for (int i = 0; i < 100; i++) {
      blocks.drainQueue();
    }
    long after = blocks.footprint(shift);
    assertTrue(after - before < 200_000, "1,000,000 short-lived objects must not hold 1,000,000 blocks: " + after);
    assertTrue(blocks.allocatedCount() >= 1_000_000);
  }

  @Test
  void recycledBlocksAreReportedAsSuch() {
    boolean sawRecycled = false;
    for (int round = 0; round < 200 && !sawRecycled; round++) {
      for (int i = 0; i < 10_000; i++) {
        sawRecycled |= find(new Object()).recycled;
      }
      System.gc();
    }
    assertTrue(sawRecycled, "after collections, blocks come back from the free list (and must be malloc'ed again)");
  }

  @Test
  void locationsNameFieldsStaticsAndArrayElements() {
    Locations loc = new Locations(blocks);
    Derived d = new Derived();
    long b = find(d).block;
    assertEquals("field " + Base.class.getName() + ".a", loc.describe(b + 8));
    assertEquals("field " + Base.class.getName() + ".b", loc.describe(b + 16));
    assertEquals("field " + Derived.class.getName() + ".c", loc.describe(b + 24));
    int[] ints = new int[10];
    long ib = find(ints).block;
    assertEquals("array element [5] of int[]", loc.describe(ib + 8 + 5 * 4));
    Object[] objs = new Object[4];
    long ob = find(objs).block;
    assertEquals("array element [3] of java.lang.Object[]", loc.describe(ob + 8 + 3 * 8));
    long sb = find(Derived.class).block;
    String s0 = loc.describe(sb + 8);
    assertTrue(s0.equals("static field " + Derived.class.getName() + ".counter")
        || s0.equals("static field " + Derived.class.getName() + ".flag"), s0);
    assertEquals(null, loc.describe(12345));
  }
}
