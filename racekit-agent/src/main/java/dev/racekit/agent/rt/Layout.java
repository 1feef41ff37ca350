package dev.racekit.agent.rt;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Where a class's fields live in an object's address block: word 0 is the object's sync word (monitor, volatile
 * and atomic edges), instance field slots follow, superclass fields first, so a field has the same slot in every
 * subclass. A class's static fields get their own slots in the block of its {@code Class} object.
 */
final class Layout {
  private static final ClassValue<Layout> LAYOUTS = new ClassValue<>() {
    @Override
    protected Layout computeValue(Class<?> type) {
      return new Layout(type);
    }
  };

  final Class<?> type;
  /** Instance fields of all superclasses before this class's own. */
  final int base;
  private final Field[] instance;
  private final Field[] statics;
  /**
   * Where objects of this class keep their block ({@link BlockField}): the field of the nearest class up the chain
   * that has one, this one's first; 0 when none has.
   */
  final long blockOffset;
  /**
   * This class's number among the classes whose static initialiser is recorded ({@link Rt#classInitBegin}), given
   * when it starts; -1 for the others. Read by other threads only once the class is initialised (the JVM's
   * initialisation lock orders the write before).
   */
  volatile int initIndex = -1;
  private static int initialisers;

  private Layout(Class<?> type) {
    this.type = type;
    Class<?> sup = type.getSuperclass();
    this.base = sup == null || type.isInterface() ? 0 : of(sup).instanceCount();
    Field[] declared;
    try {
      declared = type.getDeclaredFields();
    } catch (Throwable e) { // a field type that cannot be loaded: the class's own fields go untracked
      declared = new Field[0];
    }
    int ni = 0;
    int ns = 0;
    long own = 0;
    for (Field f : declared) {
      if (Modifier.isStatic(f.getModifiers())) {
        ns++;
      } else if (BlockField.is(f)) {
        own = BlockField.offset(f); // the agent's, not the program's: no slot in the block
      } else {
        ni++;
      }
    }
    this.blockOffset = own != 0 || sup == null || type.isInterface() ? own : of(sup).blockOffset;
    instance = new Field[ni];
    statics = new Field[ns];
    ni = 0;
    ns = 0;
    for (Field f : declared) {
      if (Modifier.isStatic(f.getModifiers())) {
        statics[ns++] = f;
      } else if (!BlockField.is(f)) {
        instance[ni++] = f;
      }
    }
  }

  /** Numbers this class among those whose initialiser is recorded (once; the number stays). */
  int recordsInitialiser() {
    synchronized (Layout.class) {
      if (initIndex < 0) {
        initIndex = initialisers++;
      }
      return initIndex;
    }
  }

  static Layout of(Class<?> type) {
    return LAYOUTS.get(type);
  }

  int instanceCount() {
    return base + instance.length;
  }

  int staticCount() {
    return statics.length;
  }

  /** The index of this class's own instance field {@code name}, or -1. */
  int ownInstance(String name) {
    for (int i = 0; i < instance.length; i++) {
      if (instance[i].getName().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  int ownStatic(String name) {
    for (int i = 0; i < statics.length; i++) {
      if (statics[i].getName().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  Field instanceField(int index) {
    return instance[index];
  }

  Field staticField(int index) {
    return statics[index];
  }

  /** The instance field at {@code slot} (0-based, superclass fields first), or null. */
  Field fieldAtSlot(int slot) {
    if (slot < 0 || slot >= instanceCount()) {
      return null;
    }
    if (slot < base) {
      return of(type.getSuperclass()).fieldAtSlot(slot);
    }
    return instance[slot - base];
  }
}
