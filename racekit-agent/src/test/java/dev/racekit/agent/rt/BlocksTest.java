package dev.racekit.agent.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

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
    assertEquals(27, find(new long[10_000_000]).shift, "8 + 80,000,000 bytes: past 16 MiB, a block of its own size");
  }

  /** A large array's elements are all tracked: the block holds them, and an address near its end names its element. */
  @Test
  void anArrayPastSixteenMiBIsTrackedToItsLastElement() {
    int[] big = new int[6_000_000]; // 8 + 24,000,000 bytes: the 32 MiB class
    Blocks.Found f = find(big);
    assertEquals(25, f.shift);
    assertEquals(25, Blocks.shiftOf(f.block + 8 + 4L * (big.length - 1)), "the last element lies in the same class");
    long[] base = new long[1];
    assertEquals(int[].class, blocks.infoAt(f.block + 8 + 4L * 5_999_999, base));
    assertEquals(f.block, base[0]);
  }

  /**
   * Every class has its own region, one after the other, of 2 GiB or four blocks (1 GiB and 2 GiB blocks), and an
   * address in it is found to be that class's, up to the end of the mapped range.
   */
  @Test
  void eachSizeClassIsFoundFromItsRegionUpToTheEndOfTheMappedRange() {
    long expectedStart = Blocks.BASE;
    for (int shift = Blocks.MIN_SHIFT; shift <= Blocks.MAX_SHIFT; shift++) {
      long start = Blocks.regionStart(shift);
      long length = Math.max(Blocks.REGION, 4L << shift);
      assertEquals(expectedStart, start, "class " + shift);
      assertEquals(start + length, Blocks.regionStart(shift + 1), "class " + shift);
      assertEquals(shift, Blocks.shiftOf(start));
      assertEquals(shift, Blocks.shiftOf(start + length - (1L << shift)), "its last block");
      assertEquals(shift, Blocks.shiftOf(start + length - 1));
      expectedStart += length;
    }
    assertEquals(Blocks.BASE + Blocks.MAPPED_SIZE, expectedStart);
    assertEquals(dev.racekit.spi.MappedRanges.MAX_RANGE_SIZE, Blocks.MAPPED_SIZE, "one mapShadow call maps it all");
    assertEquals(null, blocks.infoAt(Blocks.BASE + Blocks.MAPPED_SIZE, new long[1]), "past the mapped range");
  }

  @Test
  void collectedObjectsReturnTheirBlocksForReuse() throws InterruptedException {
    assertShortLivedObjectsReturnTheirBlocks(() -> find(new Derived()));
    assertTrue(blocks.allocatedCount() >= 1_000_000);
  }

  /**
   * Objects of two size classes die together, so one batch taken off the queue holds blocks of both: each goes back
   * to its own class, declared fresh once, and is what that class hands out next.
   */
  @Test
  void blocksOfMixedSizeClassesDrainedTogetherReturnToTheirOwnClass() throws InterruptedException {
    java.util.Set<Long> small = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.Set<Long> large = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.Set<Long> declaredFresh = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicInteger twice = new java.util.concurrent.atomic.AtomicInteger();
    Blocks.Reset reset = (block, size) -> {
      if ((small.contains(block) || large.contains(block)) && !declaredFresh.add(block)) {
        twice.incrementAndGet();
      }
    };
    Blocks.Found f = new Blocks.Found();
    int n = 3 * Blocks.DRAIN_BATCH + 7;
    Object[] alive = new Object[2 * n];
    for (int i = 0; i < n; i++) {
      Object s = new Derived(); // 32 bytes
      Object l = new long[100]; // 8 + 800 bytes: 1 KiB
      blocks.lookup(s, System.identityHashCode(s), f, reset);
      small.add(f.block);
      blocks.lookup(l, System.identityHashCode(l), f, reset);
      large.add(f.block);
      alive[2 * i] = s;
      alive[2 * i + 1] = l;
    }
    long smallBefore = blocks.footprint(5);
    long largeBefore = blocks.footprint(10);
    java.util.Arrays.fill(alive, null);
    WeakReference<Object> probe = new WeakReference<>(new Object());
    while (probe.get() != null) {
      System.gc();
      Thread.sleep(10);
    }
    for (int round = 0; round < 50 && declaredFresh.size() < 2 * n; round++) {
      Object trigger = new Object();
      blocks.lookup(trigger, System.identityHashCode(trigger), f, reset); // a miss drains the queue
      Thread.sleep(5);
    }
    assertEquals(2 * n, declaredFresh.size(), "every dead object's block declared fresh");
    assertEquals(0, twice.get(), "no block declared fresh twice");
    assertEquals(smallBefore - n, blocks.footprint(5));
    assertEquals(largeBefore - n, blocks.footprint(10));
    for (int i = 0; i < n; i++) {
      blocks.lookup(new Derived(), 1000 + i, f, reset);
      assertTrue(small.contains(f.block), "a 32-byte block handed out again from its own class");
      assertTrue(f.recycled);
      blocks.lookup(new long[100], 5000 + i, f, reset);
      assertTrue(large.contains(f.block), "a 1 KiB block handed out again from its own class");
    }
  }

  /** 1,000,000 objects, each looked up by {@code lookupNew} and dropped: their blocks must come back. */
  private void assertShortLivedObjectsReturnTheirBlocks(java.util.function.Supplier<Blocks.Found> lookupNew)
      throws InterruptedException {
    int shift = lookupNew.get().shift;
    long before = blocks.footprint(shift);
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 20_000; i++) {
        lookupNew.get();
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

  // ---- objects that keep their block in the agent's field (BlockField)

  /** A class as the transformer leaves it: a field of the program's and the agent's block field. */
  private static final Class<?> HOLDER = holderClass();

  private static Class<?> holderClass() {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "generated/Holder", null, "java/lang/Object", null);
    cw.visitField(Opcodes.ACC_PUBLIC, "a", "I", null, null).visitEnd();
    cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_SYNTHETIC, BlockField.NAME, "J", null,
        null).visitEnd();
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
    mv.visitCode();
    mv.visitVarInsn(Opcodes.ALOAD, 0);
    mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    byte[] bytes = cw.toByteArray();
    return new ClassLoader(BlocksTest.class.getClassLoader()) {
      Class<?> define() {
        return defineClass("generated.Holder", bytes, 0, bytes.length);
      }
    }.define();
  }

  private static Object newHolder() {
    try {
      return HOLDER.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private Blocks.Found findByField(Object o) {
    Blocks.Found f = new Blocks.Found();
    blocks.lookupByField(o, System.identityHashCode(o), Layout.of(o.getClass()).blockOffset, f, null);
    return f;
  }

  @Test
  void theAgentsFieldTakesNoSlotAndHoldsTheBlock() throws ReflectiveOperationException {
    assertTrue(BlockField.available(), "the tests run with jdk.internal.misc exported, as the agent exports it");
    Layout l = Layout.of(HOLDER);
    assertTrue(l.blockOffset != 0);
    assertEquals(1, l.instanceCount(), "a only: the program's fields keep their slots");
    Object x = newHolder();
    Object y = newHolder();
    Blocks.Found fx = findByField(x);
    assertEquals(4, fx.shift, "sync word + a: 16 bytes (the agent's field would make it 24, the 32-byte class)");
    assertEquals(fx.block, findByField(x).block, "found again in the field");
    assertNotEquals(fx.block, findByField(y).block);
    Field raw = HOLDER.getDeclaredField(BlockField.NAME);
    raw.setAccessible(true);
    assertEquals(fx.block, BlockField.decode(raw.getLong(x), System.identityHashCode(x)));
  }

  @Test
  void aCopyOfTheFieldIsNotTheCopysBlock() throws ReflectiveOperationException {
    Object original = newHolder();
    long block = findByField(original).block;
    Field raw = HOLDER.getDeclaredField(BlockField.NAME);
    raw.setAccessible(true);
    Object copy = newHolder();
    raw.setLong(copy, raw.getLong(original)); // what clone() or a reflective copier does
    long copyBlock = findByField(copy).block;
    assertTrue(copyBlock != 0);
    assertNotEquals(block, copyBlock, "a copy sharing the original's block would share its addresses");
    assertEquals(block, findByField(original).block);
    assertEquals(copyBlock, findByField(copy).block);
  }

  @Test
  void collectedObjectsWithTheFieldReturnTheirBlocksForReuse() throws InterruptedException {
    assertShortLivedObjectsReturnTheirBlocks(() -> findByField(newHolder()));
  }

  @Test
  void threadsThatAssignAtOnceAgreeAndLoseNoBlock() throws Exception {
    int n = 20_000;
    Object[] objects = new Object[n];
    for (int i = 0; i < n; i++) {
      objects[i] = newHolder();
    }
    Object kept = newHolder(); // reachable to the end: no block is recycled under the count
    int shift = findByField(kept).shift;
    long before = blocks.footprint(shift);
    long[][] seen = new long[2][n];
    CyclicBarrier start = new CyclicBarrier(2);
    Thread[] threads = new Thread[2];
    for (int t = 0; t < 2; t++) {
      int me = t;
      threads[t] = new Thread(() -> {
        try {
          start.await();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        for (int i = 0; i < n; i++) {
          seen[me][i] = findByField(objects[i]).block;
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    java.util.Set<Long> distinct = new java.util.HashSet<>();
    for (int i = 0; i < n; i++) {
      assertEquals(seen[0][i], seen[1][i], "both threads use the block that was stored");
      assertTrue(distinct.add(seen[0][i]), "one block per object");
    }
    assertEquals(n, blocks.footprint(shift) - before, "a block taken by the thread that lost went back");
    assertEquals(seen[0][0], findByField(objects[0]).block);
    assertTrue(findByField(kept).block != 0);
  }
}
