package dev.racekit.agent.rt;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;

/**
 * Resolves a field instruction's (owner, name) to the declaring class and slot once, then caches the answer in its
 * {@link PcEntry}: the slot is the same for every subclass, so the first object decides for all.
 */
final class FieldSites {
  static final int UNRESOLVED = 0;
  static final int PLAIN = 1;
  static final int VOLATILE = 2;
  /** final fields (safe publication), benign JDK caches, or a field that cannot be resolved. */
  static final int IGNORED = 3;
  /**
   * A plain reference field inside java.util.concurrent: its reads and writes are links of a publication protocol
   * (a node's next, read after an acquire fence), so they count as acquire and release on the object, no access.
   */
  static final int LINK = 4;

  /**
   * Lazily computed, idempotent caches inside java.util: racy by the letter of the JMM, harmless by design (every
   * thread computes the same view or hash). Ignored so that correctly synchronized programs stay quiet.
   */
  private static final Set<String> BENIGN = Set.of(
      "java.util.AbstractMap.keySet", "java.util.AbstractMap.values", "java.util.HashMap.entrySet",
      "java.util.TreeMap.entrySet", "java.util.TreeMap.navigableKeySet", "java.util.TreeMap.descendingMap",
      "java.util.LinkedHashMap.entrySet", "java.util.IdentityHashMap.entrySet", "java.util.EnumMap.entrySet",
      "java.util.WeakHashMap.entrySet", "java.util.Locale.hashCodeValue", "java.util.Locale.hash",
      "java.util.Collections$UnmodifiableMap.keySet", "java.util.Collections$UnmodifiableMap.entrySet",
      "java.util.Collections$UnmodifiableMap.values", "java.util.Collections$SynchronizedMap.keySet",
      "java.util.Collections$SynchronizedMap.entrySet", "java.util.Collections$SynchronizedMap.values",
      // Arrays.parallelPrefix: when a subtask is forked again, two threads may both store the same prefix into a child
      // before the compare-and-swap on its pending count decides which one goes on (ArrayPrefixHelpers, "refork")
      "java.util.ArrayPrefixHelpers$CumulateTask.in", "java.util.ArrayPrefixHelpers$CumulateTask.out",
      "java.util.ArrayPrefixHelpers$LongCumulateTask.in", "java.util.ArrayPrefixHelpers$LongCumulateTask.out",
      "java.util.ArrayPrefixHelpers$DoubleCumulateTask.in", "java.util.ArrayPrefixHelpers$DoubleCumulateTask.out",
      "java.util.ArrayPrefixHelpers$IntCumulateTask.in", "java.util.ArrayPrefixHelpers$IntCumulateTask.out",
      // Caffeine reads the sketch's table without a lock to skip work early ("isNotInitialized"); documented as benign
      "com.github.benmanes.caffeine.cache.FrequencySketch.table",
      "com.github.benmanes.caffeine.cache.FrequencySketch.sampleSize",
      "com.github.benmanes.caffeine.cache.FrequencySketch.blockMask",
      // JCTools' growable MPSC queue (also inside Caffeine): offer() reads the producer buffer and mask with no
      // ordering and validates what it read by a CAS on producerIndex; resize() writes them (a seqlock-like protocol)
      "com.github.benmanes.caffeine.cache.BaseMpscLinkedArrayQueueColdProducerFields.producerBuffer",
      "com.github.benmanes.caffeine.cache.BaseMpscLinkedArrayQueueColdProducerFields.producerMask",
      "org.jctools.queues.BaseMpscLinkedArrayQueueColdProducerFields.producerBuffer",
      "org.jctools.queues.BaseMpscLinkedArrayQueueColdProducerFields.producerMask");

  /**
   * Plain fields that a library publishes objects through on purpose, relying on the final fields of what it publishes
   * (the JMM's final-field rule, which the agent does not model for the objects reachable from them). Their reads and
   * writes count as acquire and release on the holder, as {@link #LINK} fields do, so that what the writer built before
   * publishing is ordered before the reader's use of it.
   *
   * <p>Jackson's serializers cache the serializers they found for runtime types in an immutable PropertySerializerMap
   * and replace the whole map with a plain write; every ObjectMapper shared between threads (the documented way)
   * races there by design, and on the serializers reachable from the map. The JDK does the same in
   * {@code String.format} (a DecimalFormatSymbols cached "non-volatile to avoid thread slamming"), in
   * {@code Collections.shuffle} (its Random) and in {@code TimeZone.toZoneId} on the shared default zone (its ZoneId:
   * every {@code ZoneId.systemDefault()}, so every log line's time stamp).
   */
  private static final Set<String> PUBLICATIONS = Set.of(
      "java.util.Formatter.DFS", "java.util.Collections.r", "java.util.TimeZone.zoneId",
      "com.fasterxml.jackson.databind.ser.BeanPropertyWriter._dynamicSerializers",
      "com.fasterxml.jackson.databind.ser.std.AsArraySerializerBase._dynamicSerializers",
      "com.fasterxml.jackson.databind.ser.std.JsonValueSerializer._dynamicSerializers",
      "com.fasterxml.jackson.databind.ser.std.ReferenceTypeSerializer._dynamicSerializers",
      "com.fasterxml.jackson.databind.ser.std.MapSerializer._dynamicValueSerializers",
      "com.fasterxml.jackson.databind.ser.std.StdKeySerializers$Dynamic._dynamicSerializers",
      "com.fasterxml.jackson.databind.ser.std.ObjectArraySerializer._dynamicSerializers",
      "com.fasterxml.jackson.databind.ser.impl.MapEntrySerializer._dynamicValueSerializers");

  private FieldSites() {}

  /** Resolves an instance field site from the runtime class of an object it accessed. */
  static void resolveInstance(PcEntry e, Class<?> runtimeClass) {
    String owner = e.fieldOwner.replace('/', '.');
    Class<?> c = runtimeClass;
    while (c != null && !c.getName().equals(owner)) {
      c = c.getSuperclass();
    }
    for (; c != null; c = c.getSuperclass()) {
      Layout l = Layout.of(c);
      int i = l.ownInstance(e.fieldName);
      if (i >= 0) {
        e.slot = l.base + i;
        e.state = forSite(e, l.instanceField(i), classify(l.instanceField(i), c));
        return;
      }
    }
    e.state = IGNORED;
  }

  /** Resolves a static field site from the class the instruction names (JVM field lookup order). */
  static void resolveStatic(PcEntry e, Class<?> owner) {
    Class<?> holder = findStatic(owner, e.fieldName);
    if (holder == null) {
      e.state = IGNORED;
      return;
    }
    Layout l = Layout.of(holder);
    int i = l.ownStatic(e.fieldName);
    e.staticHolder = holder;
    e.slot = i;
    e.state = forSite(e, l.staticField(i), classify(l.staticField(i), holder));
  }

  private static Class<?> findStatic(Class<?> c, String name) {
    if (c == null) {
      return null;
    }
    if (Layout.of(c).ownStatic(name) >= 0) {
      return c;
    }
    for (Class<?> i : c.getInterfaces()) {
      Class<?> h = findStatic(i, name);
      if (h != null) {
        return h;
      }
    }
    return findStatic(c.getSuperclass(), name);
  }

  /** A plain field's state at this site: volatile next to a fence, a link or ignored in a sync-only class. */
  private static int forSite(PcEntry e, Field f, int state) {
    if (state != PLAIN) {
      return state;
    }
    if (e.fenced) {
      return VOLATILE;
    }
    if (!e.syncOnly) {
      return state;
    }
    return f.getType().isPrimitive() ? IGNORED : LINK;
  }

  private static int classify(Field f, Class<?> declaring) {
    int m = f.getModifiers();
    String name = declaring.getName() + "." + f.getName();
    if (Modifier.isFinal(m) || BENIGN.contains(name)) {
      return IGNORED;
    }
    if (PUBLICATIONS.contains(name) && !f.getType().isPrimitive()) {
      return LINK;
    }
    return Modifier.isVolatile(m) ? VOLATILE : PLAIN;
  }
}
