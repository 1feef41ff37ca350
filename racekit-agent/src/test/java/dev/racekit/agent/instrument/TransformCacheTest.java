package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.ClassFilter;
import dev.racekit.agent.ClassFilter.Mode;
import dev.racekit.agent.rt.PcEntry;
import dev.racekit.agent.rt.PcTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformCacheTest {
  private static final ClassFilter ALL = new ClassFilter(List.of(), List.of());
  private static final String SAMPLE = "dev/racekit/agent/instrument/Sample";

  private static byte[] bytesOf(Class<?> c) throws IOException {
    try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
      return in.readAllBytes();
    }
  }

  /** A table that has handed out {@code used} site pcs already, as a run that loaded other classes first. */
  private static PcTable tableWith(int used) {
    PcTable t = new PcTable();
    for (int i = 0; i < used; i++) {
      t.add(new PcEntry("Other", "m", "Other.java", i, i));
    }
    return t;
  }

  private static byte[] cold(byte[] in, Mode mode, PcTable pcs, TransformCache cache) {
    ClassPcs recorded = new ClassPcs(pcs);
    byte[] out = new ClassInstrumenter(ALL, pcs).instrument(in, mode, false, recorded);
    cache.put(SAMPLE, mode, false, in, out, recorded);
    return out;
  }

  private static void assertSameEntries(PcTable expected, PcTable actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 2; i < expected.size(); i++) {
      PcEntry e = expected.get(PcTable.FIRST_SITE + i);
      PcEntry a = actual.get(PcTable.FIRST_SITE + i);
      assertEquals(List.of(e.className, e.methodName, e.file, e.line, e.bci),
          List.of(a.className, a.methodName, a.file, a.line, a.bci));
      assertEquals(java.util.Arrays.asList(e.fieldOwner(), e.fieldName(), e.staticField(), e.syncOnly()),
          java.util.Arrays.asList(a.fieldOwner(), a.fieldName(), a.staticField(), a.syncOnly()));
    }
  }

  @Test
  void aHitIsExactlyTheRewriteWithThisRunsPcs() throws Exception {
    byte[] in = bytesOf(Sample.class);
    for (Mode mode : List.of(Mode.FULL, Mode.SYNC)) {
      TransformCache cache = TransformCache.empty();
      byte[] first = cold(in, mode, tableWith(5), cache);
      assertNotNull(first);

      PcTable fromCache = tableWith(17);
      byte[] hit = cache.lookup(SAMPLE, mode, false, in, fromCache);
      PcTable rewritten = tableWith(17);
      byte[] expected = new ClassInstrumenter(ALL, rewritten).instrument(in, mode);

      assertArrayEquals(expected, hit, mode + ": the cached rewrite, moved to other pcs, is what rewriting gives");
      assertNotEquals(java.util.Arrays.hashCode(first), java.util.Arrays.hashCode(hit), "the pcs did change");
      assertSameEntries(rewritten, fromCache);
      assertEquals(1, cache.hits());
    }
  }

  @Test
  void eachHitGetsPcsOfItsOwnAndLeavesTheStoredRewriteAlone() throws Exception {
    byte[] in = bytesOf(Sample.class);
    TransformCache cache = TransformCache.empty();
    PcTable coldPcs = new PcTable();
    byte[] first = cold(in, Mode.FULL, coldPcs, cache);
    int sites = coldPcs.size() - 2;
    PcTable pcs = new PcTable();
    byte[] a = cache.lookup(SAMPLE, Mode.FULL, false, in, pcs);
    byte[] b = cache.lookup(SAMPLE, Mode.FULL, false, in, pcs);
    assertEquals(2 + 2 * sites, pcs.size(), "each hit adds its sites");
    assertArrayEquals(first, a, "the same pcs as the first rewrite in an empty table");
    assertArrayEquals(new ClassInstrumenter(ALL, tableWith(sites)).instrument(in, Mode.FULL), b);
    assertArrayEquals(a, cache.lookup(SAMPLE, Mode.FULL, false, in, new PcTable()), "the stored copy is unchanged");
  }

  @Test
  void anythingElseMisses() throws Exception {
    byte[] in = bytesOf(Sample.class);
    TransformCache cache = TransformCache.empty();
    cold(in, Mode.FULL, new PcTable(), cache);
    byte[] changed = in.clone();
    changed[changed.length - 1] ^= 1;
    assertSame(TransformCache.MISS, cache.lookup(SAMPLE, Mode.FULL, false, changed, new PcTable()), "other bytes");
    assertSame(TransformCache.MISS, cache.lookup(SAMPLE, Mode.SYNC, false, in, new PcTable()), "other mode");
    assertSame(TransformCache.MISS, cache.lookup(SAMPLE, Mode.FULL, true, in, new PcTable()), "initialised");
    assertSame(TransformCache.MISS, cache.lookup("other/Name", Mode.FULL, false, in, new PcTable()), "other name");
    assertSame(TransformCache.MISS, TransformCache.OFF.lookup(SAMPLE, Mode.FULL, false, in, new PcTable()));
    assertEquals(4, cache.misses());
  }

  @Test
  void aClassLeftUnchangedIsCachedAsUnchanged() throws Exception {
    byte[] in = bytesOf(Sample.class);
    TransformCache cache = TransformCache.empty();
    cache.put(SAMPLE, Mode.HOOKS, false, in, null, new ClassPcs(new PcTable()));
    assertNull(cache.lookup(SAMPLE, Mode.HOOKS, false, in, new PcTable()));
    assertEquals(1, cache.hits());
  }

  @Test
  void aClassWithItsOwnConstantInThePcRangeIsNotStored() throws Exception {
    byte[] in = bytesOf(PcRangeConstant.class);
    TransformCache cache = TransformCache.empty();
    PcTable pcs = new PcTable();
    ClassPcs recorded = new ClassPcs(pcs);
    byte[] out = new ClassInstrumenter(ALL, pcs).instrument(in, Mode.FULL, false, recorded);
    assertNotNull(out, "it is instrumented all the same");
    cache.put("dev/racekit/agent/instrument/PcRangeConstant", Mode.FULL, false, in, out, recorded);
    assertEquals(1, cache.refused());
    assertSame(TransformCache.MISS,
        cache.lookup("dev/racekit/agent/instrument/PcRangeConstant", Mode.FULL, false, in, new PcTable()));
  }

  @Test
  void theFileKeepsRewritesForTheSameFingerprintOnly(@TempDir Path dir) throws Exception {
    byte[] in = bytesOf(Sample.class);
    Path path = dir.resolve("sub").resolve("classes.bin");
    TransformCache cache = TransformCache.empty();
    cold(in, Mode.FULL, tableWith(3), cache);
    TransformCacheFile file = new TransformCacheFile(path, "agent-1");
    assertTrue(file.save(cache), String.valueOf(file.problem()));

    TransformCache loaded = new TransformCacheFile(path, "agent-1").load();
    PcTable pcs = tableWith(9);
    assertArrayEquals(new ClassInstrumenter(ALL, tableWith(9)).instrument(in, Mode.FULL),
        loaded.lookup(SAMPLE, Mode.FULL, false, in, pcs));

    TransformCacheFile other = new TransformCacheFile(path, "agent-2");
    assertSame(TransformCache.MISS, other.load().lookup(SAMPLE, Mode.FULL, false, in, new PcTable()),
        "another agent build's file is not used");
    assertNull(other.problem());
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rwx------",
          java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent())));
    }
  }

  @Test
  void aRunThatAddsNothingDoesNotRewriteTheFile(@TempDir Path dir) throws Exception {
    byte[] in = bytesOf(Sample.class);
    Path path = dir.resolve("classes.bin");
    TransformCache cache = TransformCache.empty();
    cold(in, Mode.FULL, new PcTable(), cache);
    new TransformCacheFile(path, "f").save(cache);
    Files.setLastModifiedTime(path, java.nio.file.attribute.FileTime.fromMillis(0));
    TransformCacheFile file = new TransformCacheFile(path, "f");
    TransformCache loaded = file.load();
    loaded.lookup(SAMPLE, Mode.FULL, false, in, new PcTable());
    assertTrue(file.save(loaded));
    assertEquals(0, Files.getLastModifiedTime(path).toMillis());
  }

  @Test
  void aCorruptOrTruncatedFileIsIgnoredWithAReason(@TempDir Path dir) throws Exception {
    byte[] in = bytesOf(Sample.class);
    Path path = dir.resolve("classes.bin");
    TransformCache cache = TransformCache.empty();
    cold(in, Mode.FULL, new PcTable(), cache);
    new TransformCacheFile(path, "f").save(cache);
    byte[] good = Files.readAllBytes(path);

    byte[] flipped = good.clone();
    flipped[good.length - 100] ^= 0x40;
    Files.write(path, flipped);
    TransformCacheFile f1 = new TransformCacheFile(path, "f");
    assertSame(TransformCache.MISS, f1.load().lookup(SAMPLE, Mode.FULL, false, in, new PcTable()));
    assertTrue(f1.problem().contains("truncated or corrupt"), f1.problem());

    Files.write(path, java.util.Arrays.copyOf(good, good.length / 2));
    TransformCacheFile f2 = new TransformCacheFile(path, "f");
    assertSame(TransformCache.MISS, f2.load().lookup(SAMPLE, Mode.FULL, false, in, new PcTable()));
    assertTrue(f2.problem().contains("truncated or corrupt"), f2.problem());

    Files.write(path, new byte[] {1, 2, 3});
    TransformCacheFile f3 = new TransformCacheFile(path, "f");
    f3.load();
    assertNotNull(f3.problem());

    Files.write(path, good);
    assertNotNull(new TransformCacheFile(path, "f").load().lookup(SAMPLE, Mode.FULL, false, in, new PcTable()));
  }

  @Test
  void aWellFormedHeaderOverMalformedRecordsIsIgnored() throws Exception {
    TransformCache cache = TransformCache.empty();
    byte[] body = {0, 3, 'a', 'b', 'c', 1, 0, 1, 2, 3, 4, 0, 0, 0, 9}; // name, mode, flag, hash, an input past the end
    try {
      cache.load(body, 0);
      throw new AssertionError("accepted");
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException expected) {
      assertTrue(expected instanceof IllegalArgumentException, "reported as malformed: " + expected);
    }
  }

  @Test
  void anUnwritableDirectoryIsAProblemNotAFailure(@TempDir Path dir) throws Exception {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "x");
    TransformCache cache = TransformCache.empty();
    cold(bytesOf(Sample.class), Mode.FULL, new PcTable(), cache);
    TransformCacheFile file = new TransformCacheFile(blocker.resolve("classes.bin"), "f");
    assertTrue(!file.save(cache));
    assertTrue(file.problem().startsWith("cannot write"), file.problem());
  }

  @Test
  void aRecordWithMalformedPcsIsAMissThatAddsNoPc() throws Exception {
    byte[] in = bytesOf(Sample.class);
    TransformCache source = TransformCache.empty();
    cold(in, Mode.FULL, new PcTable(), source);
    TransformCache.Record r = source.toSave().get(0);
    byte[] body = java.util.Arrays.copyOfRange(r.data(), r.start(), r.end());
    int pcsAt = r.pcsOff() - r.start();
    body[pcsAt] = 0x7F; // a count of locations far past the record's end

    TransformCache cache = TransformCache.empty();
    cache.load(body, 0);
    PcTable pcs = new PcTable();
    assertSame(TransformCache.MISS, cache.lookup(SAMPLE, Mode.FULL, false, in, pcs));
    assertEquals(2, pcs.size(), "nothing added");
    assertEquals(1, cache.corrupt());
    assertSame(TransformCache.MISS, cache.lookup(SAMPLE, Mode.FULL, false, in, pcs), "and dropped");
    assertEquals(1, cache.corrupt());
  }

  @Test
  void twoInputsOfOneClassAreKeptSideBySide() throws Exception {
    byte[] in = bytesOf(Sample.class);
    byte[] other = bytesOf(PcRangeConstant.class); // stands for another form of the same class, as the JVM may give it
    TransformCache cache = TransformCache.empty();
    cold(in, Mode.FULL, new PcTable(), cache);
    cache.put(SAMPLE, Mode.FULL, false, other, null, new ClassPcs(new PcTable()));
    assertNotNull(cache.lookup(SAMPLE, Mode.FULL, false, in, new PcTable()));
    assertNull(cache.lookup(SAMPLE, Mode.FULL, false, other, new PcTable()));
    assertEquals(2, cache.hits());
  }
}
