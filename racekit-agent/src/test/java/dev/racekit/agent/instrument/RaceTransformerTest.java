package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.ClassFilter;
import dev.racekit.agent.rt.PcTable;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaceTransformerTest {
  private final RaceTransformer transformer = new RaceTransformer(new ClassFilter(List.of(), List.of()), new PcTable());

  @Test
  void aClassThatCannotBeRewrittenIsLeftAloneWithOneLine() {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      byte[] garbage = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 9, 1, 2, 3};
      assertNull(transformer.transform(null, "com/example/Broken", null, null, garbage));
    } finally {
      System.setErr(old);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("racekit-agent: cannot instrument com.example.Broken ("), text);
    assertTrue(text.endsWith("it runs uninstrumented" + System.lineSeparator()), text);
    assertEquals(1, text.lines().count());
    assertEquals(1, transformer.failedCount());
  }

  @Test
  void agentAndRaceKitClassesAreNeverTouched() throws Exception {
    byte[] bytes;
    try (InputStream in = Sample.class.getResourceAsStream("Sample.class")) {
      bytes = in.readAllBytes();
    }
    assertNull(transformer.transform(null, "dev/racekit/agent/instrument/Sample", null, null, bytes));
    assertNull(transformer.transform(null, null, null, null, bytes));
    assertNotNull(transformer.transform(null, "racecorpus/Sample", null, null, bytes));
    assertEquals(1, transformer.transformedCount());
  }

  private static byte[] bytesOf(Class<?> c) throws Exception {
    try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void aClassWithNothingToRewriteInMonitorsModeIsRememberedInTheCache() throws Exception {
    TransformCache cache = TransformCache.empty();
    RaceTransformer t = new RaceTransformer(new ClassFilter(List.of(), List.of()), new PcTable(), c -> false, cache);
    byte[] plain = bytesOf(PcRangeConstant.class); // no monitor, no static initialiser
    byte[] locking = bytesOf(LockedBlocks.class);
    assertFalse(t.needsMonitorRewrite("x/Plain", plain, true));
    assertEquals(1, cache.added());
    assertFalse(t.needsMonitorRewrite("x/Plain", plain, true));
    assertEquals(1, cache.hits(), "the second answer comes from the cache");
    assertTrue(t.needsMonitorRewrite("x/Locking", locking, true));
    assertTrue(t.needsMonitorRewrite("x/Locking", locking, true));
    assertEquals(1, cache.added(), "a class that needs the rewrite is stored when it is rewritten, not here");

    // Through the transformer: a monitors-only class that needs nothing is stored as unchanged, then hit.
    assertNull(t.transform(null, "java/io/Plain", null, null, plain));
    assertNull(t.transform(null, "java/io/Plain", null, null, plain));
    assertEquals(2, cache.hits());
    assertEquals(2, cache.added());
  }

  private static boolean hasBlockField(byte[] rewritten) {
    org.objectweb.asm.tree.ClassNode cn = new org.objectweb.asm.tree.ClassNode();
    new org.objectweb.asm.ClassReader(rewritten).accept(cn, 0);
    return cn.fields.stream().anyMatch(f -> f.name.equals(dev.racekit.agent.rt.BlockField.NAME));
  }

  @Test
  void onlyTheProgramsClassesGetTheBlockFieldAndOnlyWhenFirstLoaded() throws Exception {
    byte[] bytes = bytesOf(Sample.class);
    ClassLoader app = RaceTransformerTest.class.getClassLoader();
    TransformCache cache = TransformCache.empty();
    RaceTransformer t = new RaceTransformer(new ClassFilter(List.of(), List.of()), new PcTable(), c -> false, cache);
    assertTrue(hasBlockField(t.transform(app, "racecorpus/Sample", null, null, bytes)), "the program's, loading");
    assertFalse(hasBlockField(t.transform(app, "racecorpus/Sample", Sample.class, null, bytes)),
        "a redefinition cannot add a field, and the cache keeps the two rewrites apart");
    assertFalse(hasBlockField(t.transform(null, "racecorpus/Sample", null, null, bytes)), "the boot loader's");
    assertFalse(hasBlockField(t.transform(ClassLoader.getPlatformClassLoader(), "racecorpus/Sample", null, null,
        bytes)), "the platform loader's");
    RaceTransformer off = new RaceTransformer(new ClassFilter(List.of(), List.of()), new PcTable(), c -> false,
        TransformCache.empty(), false);
    assertFalse(hasBlockField(off.transform(app, "racecorpus/Sample", null, null, bytes)), "blockfield=off");
  }
}
