package dev.racekit.agent.instrument;

import dev.racekit.agent.ClassFilter.Mode;
import dev.racekit.agent.rt.PcEntry;
import dev.racekit.agent.rt.PcTable;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.objectweb.asm.ClassReader;

/**
 * Rewritten classes kept from earlier runs, as Go's build cache keeps race-instrumented packages: a class whose bytes,
 * mode and initialisation state were rewritten before is taken from here instead of being rewritten again. Start-up
 * is mostly that rewriting and compiling the rewriter, for the same few hundred JDK classes in every run.
 *
 * <p>A hit is the stored rewrite with pcs of this run: each location is added to the pc table again, and the constant
 * pool entry that holds its old pc is set to the new one. Every pc has an entry of its own ({@link
 * PcTable#FIRST_SITE}); a class whose own int constants reach that range is not stored. The input is compared byte for
 * byte (up to the order of its methods), so a hit is what rewriting would produce with those pcs.
 *
 * <p>An entry is one contiguous record, read in place from the cache file or serialised when it is added: {@code
 * name, mode, initialised, the input's hash, input, output (length -1: unchanged), pcs} (their length, then a string
 * table, then the constant pool offset and location of each).
 */
public final class TransformCache {
  /** What {@link #lookup} returns when the class is not cached; {@code null} means cached as unchanged. */
  public static final byte[] MISS = new byte[0];

  /** A cache that holds nothing and keeps nothing. */
  public static final TransformCache OFF = new TransformCache(false);

  private static final int CONSTANT_INTEGER = 3;
  /** The bytes of one location in a record's pcs: offset, three strings, line, bci, two strings, two flags. */
  private static final int PC_RECORD_BYTES = 4 * 8 + 2;

  private final boolean enabled;
  private final Map<String, Record> records = new ConcurrentHashMap<>();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong added = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong corrupt = new AtomicLong();
  /** Set when the cache is being saved: classes loaded from then on (by the save itself) are not added. */
  private volatile boolean frozen;
  /** Keys of the records this run used or added: saved first, so the cap drops what no recent run needed. */
  private final Set<String> used = ConcurrentHashMap.newKeySet();

  private TransformCache(boolean enabled) {
    this.enabled = enabled;
  }

  /** An empty cache. */
  public static TransformCache empty() {
    return new TransformCache(true);
  }

  /** One stored rewrite: its record's span in {@code data}, and where the input, output and pcs start in it. */
  record Record(byte[] data, int start, int end, int inOff, int inLen, int outOff, int outLen, int pcsOff) {
    /** The same input: the same bytes, or (a class reconstituted in another run) the same up to its methods' order. */
    boolean sameInput(byte[] in, MethodOrderFreeInput input) {
      return Arrays.equals(data, inOff, inOff + inLen, in, 0, in.length)
          || new MethodOrderFreeInput(data, inOff, inLen).sameAs(input);
    }
  }

  /**
   * A class to look up and, on a miss, to store: the transformer makes one per class, so the input is parsed and
   * hashed once for both. A class has one record per input: the JVM gives a class loaded before the agent as it
   * reconstitutes it, and one loaded after as its class file, so which backend or class data sharing a run uses changes
   * some inputs. Inputs that differ only in the order of their methods are one ({@link MethodOrderFreeInput}).
   */
  public static final class Key {
    final String className;
    final Mode mode;
    final boolean initialized;
    /** The rewrite adds the agent's block field (a class's first load only: a redefinition cannot add fields). */
    final boolean blockField;
    final byte[] in;
    private MethodOrderFreeInput input; // made when first needed: a cache that is off never parses
    private int hash;

    public Key(String className, Mode mode, boolean initialized, byte[] in) {
      this(className, mode, initialized, false, in);
    }

    public Key(String className, Mode mode, boolean initialized, boolean blockField, byte[] in) {
      this.className = className;
      this.mode = mode;
      this.initialized = initialized;
      this.blockField = blockField;
      this.in = in;
    }

    MethodOrderFreeInput input() {
      if (input == null) {
        input = new MethodOrderFreeInput(in, 0, in.length);
        hash = input.hash();
      }
      return input;
    }

    int hash() {
      input();
      return hash;
    }

    String id() {
      return TransformCache.id(className, mode, flags(initialized, blockField), hash());
    }
  }

  /** A key's two booleans in one byte, as the file stores them (a file from before the block field holds 0 or 1). */
  private static int flags(boolean initialized, boolean blockField) {
    return (initialized ? 1 : 0) | (blockField ? 2 : 0);
  }

  private static String id(String className, Mode mode, int flags, int inputHash) {
    return className + "/" + flags + "/" + mode.ordinal() + "/" + Integer.toHexString(inputHash);
  }

  /** The rewrite of {@code in} with pcs added to {@code pcs}, {@code null} when it needs none, or {@link #MISS}. */
  public byte[] lookup(String className, Mode mode, boolean initialized, byte[] in, PcTable pcs) {
    return lookup(new Key(className, mode, initialized, in), pcs);
  }

  /** {@link #lookup(String, Mode, boolean, byte[], PcTable)} of a key. */
  public byte[] lookup(Key k, PcTable pcs) {
    if (!enabled) {
      return MISS;
    }
    String key = k.id();
    Record r = records.get(key);
    List<PcEntry> entries;
    int[] cpOffsets;
    try {
      if (r == null || !r.sameInput(k.in, k.input())) {
        misses.incrementAndGet();
        return MISS;
      }
      if (r.outLen < 0) {
        used.add(key);
        hits.incrementAndGet();
        return null;
      }
      Cursor c = new Cursor(r.data, r.pcsOff);
      int n = c.count(PC_RECORD_BYTES);
      String[] strings = new String[c.count(4)];
      for (int i = 0; i < strings.length; i++) {
        strings[i] = c.utf();
      }
      entries = new ArrayList<>(n);
      cpOffsets = new int[n];
      for (int i = 0; i < n; i++) {
        cpOffsets[i] = c.i32();
        if (cpOffsets[i] < -1 || cpOffsets[i] > r.outLen - 4) {
          throw new IllegalArgumentException("bad constant pool offset");
        }
        String className = c.string(strings, false);
        String methodName = c.string(strings, false);
        String file = c.string(strings, true);
        int line = c.i32();
        int bci = c.i32();
        String fieldOwner = c.string(strings, true);
        String fieldName = c.string(strings, true);
        boolean staticField = c.u8() != 0;
        int flags = c.u8();
        entries.add(new PcEntry(className, methodName, file, line, bci, fieldOwner, fieldName, staticField,
            (flags & 1) != 0, (flags & 2) != 0));
      }
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
      records.remove(key); // a record that passed the file's checksum but not this: not used, not saved
      corrupt.incrementAndGet();
      misses.incrementAndGet();
      return MISS;
    }
    byte[] out = Arrays.copyOfRange(r.data, r.outOff, r.outOff + r.outLen);
    for (int i = 0; i < entries.size(); i++) {
      int pc = pcs.add(entries.get(i));
      if (cpOffsets[i] >= 0) {
        putInt(out, cpOffsets[i], pc);
      }
    }
    used.add(key);
    hits.incrementAndGet();
    return out;
  }

  /** Keeps the rewrite of {@code in} ({@code out} null: unchanged) with the pcs it was given. */
  void put(String className, Mode mode, boolean initialized, byte[] in, byte[] out, ClassPcs recorded) {
    put(new Key(className, mode, initialized, in), out, recorded);
  }

  /** {@link #put(String, Mode, boolean, byte[], byte[], ClassPcs)} of a key. */
  void put(Key k, byte[] out, ClassPcs recorded) {
    if (!enabled || frozen) {
      return;
    }
    byte[] in = k.in;
    int[] cpOffsets = out == null ? new int[0] : pcOffsets(in, out, recorded);
    if (cpOffsets == null) {
      refused.incrementAndGet();
      return;
    }
    try {
      ByteArrayOutputStream buf = new ByteArrayOutputStream(in.length + (out == null ? 0 : out.length) + 256);
      DataOutputStream d = new DataOutputStream(buf);
      d.writeUTF(k.className);
      d.writeByte(k.mode.ordinal());
      d.writeByte(flags(k.initialized, k.blockField));
      d.writeInt(k.hash()); // so that loading the file parses no class
      d.writeInt(in.length);
      int inOff = d.size();
      d.write(in);
      d.writeInt(out == null ? -1 : out.length);
      int outOff = d.size();
      if (out != null) {
        d.write(out);
      }
      ByteArrayOutputStream pcsBuf = new ByteArrayOutputStream();
      writePcs(new DataOutputStream(pcsBuf), out == null ? 0 : recorded.size(), cpOffsets, recorded);
      d.writeInt(pcsBuf.size());
      int pcsOff = d.size();
      pcsBuf.writeTo(d);
      d.flush();
      byte[] data = buf.toByteArray();
      String key = k.id();
      records.put(key, new Record(data, 0, data.length, inOff, in.length, outOff, out == null ? -1 : out.length,
          pcsOff));
      used.add(key);
      added.incrementAndGet();
    } catch (IOException e) {
      throw new IllegalStateException(e); // a byte array stream does not fail
    }
  }

  /**
   * The constant pool offset of each recorded pc in {@code out} (-1: a pc the rewrite did not use), or null when a pc
   * could not be moved safely: {@code in} has int constants in the pcs' range, or {@code out} has one that is no pc
   * of this rewrite.
   */
  private static int[] pcOffsets(byte[] in, byte[] out, ClassPcs recorded) {
    if (!pcRangeConstants(new ClassReader(in), in, null)) {
      return null;
    }
    Map<Integer, Integer> found = new HashMap<>();
    pcRangeConstants(new ClassReader(out), out, found);
    int[] offsets = new int[recorded.size()];
    for (int i = 0; i < offsets.length; i++) {
      Integer off = found.remove(recorded.pc(i));
      offsets[i] = off == null ? -1 : off;
    }
    return found.isEmpty() ? offsets : null;
  }

  /**
   * Collects into {@code found} (value to offset) the class's int constants that lie in the range of pcs; with
   * {@code found} null, only tells whether there are none.
   */
  private static boolean pcRangeConstants(ClassReader reader, byte[] b, Map<Integer, Integer> found) {
    for (int i = 1; i < reader.getItemCount(); i++) {
      int off = reader.getItem(i);
      if (off > 0 && b[off - 1] == CONSTANT_INTEGER
          && Integer.compareUnsigned(reader.readInt(off) - PcTable.FIRST_SITE, PcTable.MAX_SITES) < 0) {
        if (found == null) {
          return false;
        }
        found.put(reader.readInt(off), off);
      }
    }
    return true;
  }

  private static void writePcs(DataOutputStream d, int n, int[] cpOffsets, ClassPcs recorded) throws IOException {
    List<String> strings = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    int[][] refs = new int[n][];
    for (int i = 0; i < n; i++) {
      PcEntry e = recorded.entry(i);
      refs[i] = new int[] {intern(e.className, strings, index), intern(e.methodName, strings, index),
          intern(e.file, strings, index), intern(e.fieldOwner(), strings, index),
          intern(e.fieldName(), strings, index)};
    }
    d.writeInt(n);
    d.writeInt(strings.size());
    for (String s : strings) {
      byte[] utf = s.getBytes(StandardCharsets.UTF_8);
      d.writeInt(utf.length);
      d.write(utf);
    }
    for (int i = 0; i < n; i++) {
      PcEntry e = recorded.entry(i);
      d.writeInt(cpOffsets[i]);
      d.writeInt(refs[i][0]);
      d.writeInt(refs[i][1]);
      d.writeInt(refs[i][2]);
      d.writeInt(e.line);
      d.writeInt(e.bci);
      d.writeInt(refs[i][3]);
      d.writeInt(refs[i][4]);
      d.writeByte(e.staticField() ? 1 : 0);
      d.writeByte((e.syncOnly() ? 1 : 0) | (e.fenced() ? 2 : 0));
    }
  }

  private static int intern(String s, List<String> strings, Map<String, Integer> index) {
    if (s == null) {
      return -1;
    }
    Integer i = index.get(s); // no lambda on this path: its first linkage would happen inside a transformation
    if (i == null) {
      i = strings.size();
      strings.add(s);
      index.put(s, i);
    }
    return i;
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  /**
   * Indexes the records of a cache file's body (from {@code off} to the end of {@code data}) without copying them; a
   * record's pcs are checked when it is used.
   *
   * @throws IllegalArgumentException when the body is not a well-formed sequence of records
   */
  void load(byte[] data, int off) {
    Map<String, Record> read = new HashMap<>();
    Cursor c = new Cursor(data, off);
    try {
      while (c.pos < data.length) {
        int start = c.pos;
        String name = c.javaUtf();
        int mode = c.u8();
        int flags = c.u8();
        int hash = c.i32();
        int inLen = c.length();
        int inOff = c.skip(inLen);
        int outLen = c.i32();
        if (outLen < -1) {
          throw new IllegalArgumentException("bad output length");
        }
        int outOff = c.skip(Math.max(outLen, 0));
        int pcsOff = c.skip(c.length()); // checked when used: a start-up reads only this index
        if (mode >= Mode.values().length || flags > 3) {
          throw new IllegalArgumentException("bad mode or flags");
        }
        read.put(id(name, Mode.values()[mode], flags, hash),
            new Record(data, start, c.pos, inOff, inLen, outOff, outLen, pcsOff));
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("truncated record", e);
    }
    records.putAll(read);
  }

  /**
   * The records to write back, those this run used or added first; null when nothing was added. Nothing is added
   * after this: a class that only saving loads would otherwise be added, and never saved, in every run.
   */
  List<Record> toSave() {
    frozen = true;
    if (added.get() == 0) {
      return null;
    }
    List<Record> out = new ArrayList<>();
    List<Record> rest = new ArrayList<>();
    for (Map.Entry<String, Record> e : records.entrySet()) {
      (used.contains(e.getKey()) ? out : rest).add(e.getValue());
    }
    out.addAll(rest);
    return out;
  }

  public boolean enabled() {
    return enabled;
  }

  public long hits() {
    return hits.get();
  }

  public long misses() {
    return misses.get();
  }

  public long added() {
    return added.get();
  }

  /** Records whose pcs were malformed when used (dropped). */
  public long corrupt() {
    return corrupt.get();
  }

  /** Rewrites that could not be stored (int constants in the pcs' range). */
  public long refused() {
    return refused.get();
  }

  /** Big-endian reads from a byte array; out of bounds throws ArrayIndexOutOfBoundsException. */
  private static final class Cursor {
    private final byte[] b;
    private int pos;

    Cursor(byte[] b, int pos) {
      this.b = b;
      this.pos = pos;
    }

    int u8() {
      return b[pos++] & 0xFF;
    }

    int i32() {
      int v = ((b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
      pos += 4;
      return v;
    }

    int length() {
      int n = i32();
      if (n < 0) {
        throw new IllegalArgumentException("negative length");
      }
      return n;
    }

    /** A count of items of at least {@code itemBytes} each, which the bytes left can hold. */
    int count(int itemBytes) {
      int n = length();
      if (n > (b.length - pos) / itemBytes) {
        throw new IllegalArgumentException("count past the end");
      }
      return n;
    }

    /** Skips n bytes and returns where they started. */
    int skip(int n) {
      int at = pos;
      if (n > b.length - pos) {
        throw new ArrayIndexOutOfBoundsException("record past the end");
      }
      pos += n;
      return at;
    }

    /** A string written by {@link DataOutputStream#writeUTF} (names are ASCII in practice; others decoded too). */
    String javaUtf() {
      int n = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
      pos += 2;
      int at = skip(n);
      try {
        return new java.io.DataInputStream(new java.io.ByteArrayInputStream(b, at - 2, n + 2)).readUTF();
      } catch (IOException e) {
        throw new IllegalArgumentException("bad class name", e);
      }
    }

    String utf() {
      int n = length();
      int at = skip(n);
      return new String(b, at, n, StandardCharsets.UTF_8);
    }

    String string(String[] strings, boolean nullable) {
      int i = i32();
      if (i >= strings.length || i < (nullable ? -1 : 0)) {
        throw new IllegalArgumentException("bad string index");
      }
      return i < 0 ? null : strings[i];
    }
  }
}
