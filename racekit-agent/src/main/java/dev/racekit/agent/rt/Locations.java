package dev.racekit.agent.rt;

import java.lang.reflect.Field;

/** Names what lives at an address, for the report's {@code Location is ...} line. */
final class Locations {
  private final Blocks blocks;

  Locations(Blocks blocks) {
    this.blocks = blocks;
  }

  /** {@code field C.f}, {@code static field C.f}, {@code array element [i] of T[]}, or null when unknown. */
  String describe(long addr) {
    long[] base = new long[1];
    Object info = blocks.infoAt(addr, base);
    if (info == null) {
      return null;
    }
    long off = addr - base[0];
    if (off < 8) {
      return info instanceof Blocks.Statics s ? "class " + s.type().getName() : "object of " + ((Class<?>) info).getTypeName();
    }
    if (info instanceof Blocks.Statics s) {
      int slot = (int) ((off - 8) / 8);
      Layout l = Layout.of(s.type());
      return slot < l.staticCount() ? "static field " + s.type().getName() + "." + l.staticField(slot).getName() : null;
    }
    Class<?> type = (Class<?>) info;
    if (type.isArray()) {
      long index = (off - 8) / Blocks.elementSize(type.getComponentType());
      return "array element [" + index + "] of " + type.getTypeName();
    }
    Field f = Layout.of(type).fieldAtSlot((int) ((off - 8) / 8));
    return f == null ? null : "field " + f.getDeclaringClass().getName() + "." + f.getName();
  }
}
