package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.agent.ClassFilter;
import dev.racekit.agent.ClassFilter.Mode;
import dev.racekit.agent.rt.BlockField;
import dev.racekit.agent.rt.PcTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;

/**
 * The agent's block field in the classes it loads ({@code BlockField}): which rewrites add it, its flags, and that
 * the program cannot tell by serialization. Rewritten classes are loaded in a fresh loader, so the JVM verifies them.
 */
class AddedBlockFieldTest {
  /** Serializable without a serialVersionUID: the JVM computes one from the class's shape. */
  static class SerialPoint implements Serializable {
    int x;
    private long y;
    transient int cache;

    int sum() {
      return x + (int) y;
    }
  }

  interface Shape {
    int sides();
  }

  record Pair(int a, int b) {}

  private static byte[] bytesOf(Class<?> c) throws IOException {
    String file = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
    try (InputStream in = c.getResourceAsStream(file)) {
      return in.readAllBytes();
    }
  }

  private static byte[] rewrite(Class<?> c, Mode mode, boolean blockField) throws IOException {
    return new ClassInstrumenter(new ClassFilter(List.of(), List.of()), new PcTable())
        .instrument(bytesOf(c), mode, false, new ClassPcs(new PcTable()), blockField);
  }

  private static FieldNode blockField(byte[] rewritten) {
    if (rewritten == null) {
      return null;
    }
    ClassNode cn = new ClassNode();
    new ClassReader(rewritten).accept(cn, 0);
    return cn.fields.stream().filter(f -> f.name.equals(BlockField.NAME)).findFirst().orElse(null);
  }

  @Test
  void aClassLoadedInFullGetsAPrivateTransientSyntheticLong() throws IOException {
    FieldNode f = blockField(rewrite(SerialPoint.class, Mode.FULL, true));
    assertNotNull(f, "a class being loaded, instrumented in full");
    assertEquals("J", f.desc);
    assertEquals(Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_SYNTHETIC, f.access);
  }

  @Test
  void aRedefinitionAnotherModeAnInterfaceOrARecordGetsNone() throws IOException {
    assertEquals(null, blockField(rewrite(SerialPoint.class, Mode.FULL, false)), "a redefinition cannot add fields");
    assertEquals(null, blockField(rewrite(SerialPoint.class, Mode.SYNC, true)), "only classes instrumented in full");
    assertEquals(null, blockField(rewrite(Shape.class, Mode.FULL, true)), "an interface has no instances");
    assertEquals(null, blockField(rewrite(Pair.class, Mode.FULL, true)), "a record's fields are its components");
  }

  @Test
  void theSerialFormAndTheProgramsFieldsAreUnchanged() throws Exception {
    byte[] rewritten = rewrite(SerialPoint.class, Mode.FULL, true);
    Class<?> loaded = new OneClassLoader(SerialPoint.class.getName(), rewritten).loadClass(SerialPoint.class.getName());
    assertTrue(loaded != SerialPoint.class);
    ObjectStreamClass before = ObjectStreamClass.lookup(SerialPoint.class);
    ObjectStreamClass after = ObjectStreamClass.lookup(loaded);
    assertEquals(before.getSerialVersionUID(), after.getSerialVersionUID(), "the default serialVersionUID");
    assertEquals(names(before.getFields()), names(after.getFields()), "the serialized fields");
    List<String> nonSynthetic = new ArrayList<>();
    for (Field f : loaded.getDeclaredFields()) {
      if (f.isSynthetic()) {
        assertEquals(BlockField.NAME, f.getName());
        assertTrue(Modifier.isPrivate(f.getModifiers()) && Modifier.isTransient(f.getModifiers()));
      } else {
        nonSynthetic.add(f.getName());
      }
    }
    assertEquals(List.of("x", "y", "cache"), nonSynthetic);
    var constructor = loaded.getDeclaredConstructor();
    constructor.setAccessible(true); // another loader: another runtime package
    var sum = loaded.getDeclaredMethod("sum");
    sum.setAccessible(true);
    assertEquals(0, sum.invoke(constructor.newInstance()), "and the rewritten class runs");
  }

  private static List<String> names(ObjectStreamField[] fields) {
    List<String> out = new ArrayList<>();
    for (ObjectStreamField f : fields) {
      out.add(f.getName() + ":" + f.getTypeCode());
    }
    return out;
  }
}
