package dev.racekit.agent.rt;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

/**
 * The field the agent adds to the application classes it loads ({@code private transient synthetic long}, named
 * {@link #NAME}), where an object keeps its own address block: found again with one load from the object, instead
 * of a lookup in {@link Blocks}' identity table. Private and transient, so neither the serialized form nor the
 * default {@code serialVersionUID} changes; synthetic, so tools that list a class's fields for data skip it.
 *
 * <p>The value holds the object's identity hash beside the block ({@code hash << 32 | (block - BASE) >>> 4}; a
 * block is 16-byte aligned and the mapped range is under 64 GiB, so 32 bits hold it): a copy of the field into another
 * object ({@code clone()}, a reflective copier) carries a hash that is not the copy's own, so the copy gets a block of
 * its own instead of sharing, and later recycling, the original's. Read and written through the JDK's internal
 * {@code Unsafe} (its package is exported to the agent at start) from static final handles, which the JIT compiles
 * to plain loads; where that is not possible the agent adds no field and every object goes through the table.
 */
public final class BlockField {
  public static final String NAME = "$racekit$block";

  private static final MethodHandle OFFSET; // (Field) long
  private static final MethodHandle GET; // (Object, long) long
  private static final MethodHandle CAS; // (Object, long, long, long) boolean

  static {
    MethodHandle offset = null;
    MethodHandle get = null;
    MethodHandle cas = null;
    try {
      Class<?> type = Class.forName("jdk.internal.misc.Unsafe");
      Object unsafe = type.getMethod("getUnsafe").invoke(null);
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      offset = lookup.findVirtual(type, "objectFieldOffset", MethodType.methodType(long.class, Field.class))
          .bindTo(unsafe);
      get = lookup.findVirtual(type, "getLong", MethodType.methodType(long.class, Object.class, long.class))
          .bindTo(unsafe);
      cas = lookup.findVirtual(type, "compareAndSetLong",
          MethodType.methodType(boolean.class, Object.class, long.class, long.class, long.class)).bindTo(unsafe);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      offset = null; // not exported here: no class gets the field (see available())
      get = null;
      cas = null;
    }
    OFFSET = offset;
    GET = get;
    CAS = cas;
  }

  private BlockField() {}

  /** Whether objects can keep their block in the field here; the transformer adds it only then. */
  public static boolean available() {
    return CAS != null;
  }

  /** Whether {@code f} is the agent's own field (not the program's: left out of the block layout). */
  static boolean is(Field f) {
    return f.getName().equals(NAME) && f.getType() == long.class && f.isSynthetic();
  }

  /** The field's offset in its objects, or 0 when it cannot be read here. */
  static long offset(Field f) {
    if (OFFSET == null) {
      return 0;
    }
    try {
      return (long) OFFSET.invokeExact(f);
    } catch (Throwable t) {
      return 0;
    }
  }

  /** The raw value at {@code offset} in {@code o}: 0 until a block is stored. */
  static long raw(Object o, long offset) {
    try {
      return (long) GET.invokeExact(o, offset);
    } catch (Throwable t) {
      return 0;
    }
  }

  /** The block a raw value names for an object of identity hash {@code hash}, or 0 (none yet, or a copy's). */
  static long decode(long raw, int hash) {
    return raw == 0 || (int) (raw >>> 32) != hash ? 0 : Blocks.BASE + ((raw & 0xFFFF_FFFFL) << 4);
  }

  /**
   * Stores {@code block} for {@code o} unless another thread stored one first since {@code o} held {@code seen}
   * (the raw value read before); true when stored.
   */
  static boolean store(Object o, long offset, long seen, int hash, long block) {
    long v = ((long) hash << 32) | ((block - Blocks.BASE) >>> 4);
    try {
      return (boolean) CAS.invokeExact(o, offset, seen, v);
    } catch (Throwable t) {
      return false;
    }
  }
}
