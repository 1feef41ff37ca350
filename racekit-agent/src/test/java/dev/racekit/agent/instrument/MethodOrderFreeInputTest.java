package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class MethodOrderFreeInputTest {
  /** A class with methods returning 1, 2, 3, written in the given order over one constant pool. */
  private static byte[] classWithMethods(List<String> order, int valueOfC) {
    ClassWriter cw = new ClassWriter(0);
    cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "x/Ordered", null, "java/lang/Object", null);
    for (String s : List.of("a", "b", "c", "()I", "Code")) {
      cw.newUTF8(s); // the pool's order does not follow the methods'
    }
    cw.visitField(Opcodes.ACC_PRIVATE, "f", "I", null, null).visitEnd();
    for (String name : order) {
      MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, "()I", null, null);
      mv.visitCode();
      mv.visitInsn(name.equals("c") ? Opcodes.ICONST_0 + valueOfC : name.equals("a") ? Opcodes.ICONST_1 : Opcodes.ICONST_2);
      mv.visitInsn(Opcodes.IRETURN);
      mv.visitMaxs(1, 0);
      mv.visitEnd();
    }
    cw.visitSource("Ordered.java", null);
    cw.visitEnd();
    return cw.toByteArray();
  }

  private static MethodOrderFreeInput of(byte[] b) {
    return new MethodOrderFreeInput(b, 0, b.length);
  }

  @Test
  void theOrderOfMethodsDoesNotMatter() {
    byte[] abc = classWithMethods(List.of("a", "b", "c"), 3);
    byte[] cab = classWithMethods(List.of("c", "a", "b"), 3);
    assertFalse(Arrays.equals(abc, cab), "the files differ");
    assertTrue(of(abc).sameAs(of(cab)));
    assertEquals(of(abc).hash(), of(cab).hash());
  }

  @Test
  void anythingElseDoes() {
    byte[] abc = classWithMethods(List.of("a", "b", "c"), 3);
    byte[] other = classWithMethods(List.of("a", "b", "c"), 4);
    assertFalse(of(abc).sameAs(of(other)), "one method's code differs");
    assertNotEquals(of(abc).hash(), of(other).hash());
    byte[] shorter = classWithMethods(List.of("a", "b"), 3);
    assertFalse(of(abc).sameAs(of(shorter)));
    byte[] source = abc.clone();
    source[source.length - 1] ^= 1; // in the SourceFile attribute, after the methods
    assertFalse(of(abc).sameAs(of(source)));
  }

  @Test
  void aSliceOfALargerBufferIsReadInPlace() {
    byte[] abc = classWithMethods(List.of("a", "b", "c"), 3);
    byte[] cab = classWithMethods(List.of("c", "a", "b"), 3);
    byte[] buffer = new byte[cab.length + 20];
    System.arraycopy(cab, 0, buffer, 7, cab.length);
    MethodOrderFreeInput slice = new MethodOrderFreeInput(buffer, 7, cab.length);
    assertTrue(slice.sameAs(of(abc)));
    assertEquals(of(abc).hash(), slice.hash());
  }

  @Test
  void bytesThatAreNoClassFileAreComparedAsTheyAre() {
    byte[] junk = {1, 2, 3, 4, 5};
    assertTrue(of(junk).sameAs(of(junk.clone())));
    assertFalse(of(junk).sameAs(of(new byte[] {1, 2, 3, 4, 6})));
    byte[] cut = Arrays.copyOf(classWithMethods(List.of("a", "b", "c"), 3), 60);
    assertTrue(of(cut).sameAs(of(cut.clone())));
  }
}
