package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodNode;

class FieldUpdatesTest {
  /** javac's shapes of field updates, and near misses that must stay two events. */
  @SuppressWarnings("unused")
  static class Shapes {
    static int hits;
    int count;
    long total;
    double mean;
    Shapes other;
    int[] cells = new int[2];

    void increment() {
      count++;
    }

    void addLong(int v) {
      total += v * 3L;
    }

    void scale(double by) {
      mean = mean * by + 1.0;
    }

    void otherObject(Shapes s) {
      s.count += 2;
    }

    static void staticIncrement() {
      hits++;
    }

    void callBetween() {
      count = count + sideEffect();
    }

    void divisionBetween(int d) {
      count = count / d; // may throw: the read must stay an event of its own
    }

    void differentObjects(Shapes a, Shapes b) {
      a.count = b.count + 1;
    }

    void differentField() {
      count = (int) total;
    }

    void compoundOnArrayElement(int i) {
      cells[i] += 1; // an array element, not a field update: the field read of cells stays
    }

    int sideEffect() {
      return 1;
    }
  }

  private static MethodNode method(String name) throws IOException {
    String resource = Shapes.class.getName().replace('.', '/') + ".class";
    try (InputStream in = Shapes.class.getClassLoader().getResourceAsStream(resource)) {
      ClassNode cn = new ClassNode();
      new ClassReader(in.readAllBytes()).accept(cn, 0);
      return cn.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }
  }

  private static String folded(String name) throws IOException {
    StringBuilder sb = new StringBuilder();
    MethodNode m = method(name);
    FieldUpdates u = new FieldUpdates(m.instructions);
    for (AbstractInsnNode insn : m.instructions) {
      if (insn instanceof FieldInsnNode f) {
        String tag = u.foldedReads.contains(f) ? "folded" : u.updates.contains(f) ? "update" : "plain";
        sb.append(f.name).append(':').append(tag).append(' ');
      }
    }
    return sb.toString().trim();
  }

  /**
   * A read-modify-write of one field is one update (the read folded into it); anything that could observe or skip
   * the read (a call, a division that may throw, another object or field, an array element) keeps two events.
   */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "increment, count:folded count:update",
      "addLong, total:folded total:update",
      "scale, mean:folded mean:update",
      "otherObject, count:folded count:update",
      "staticIncrement, hits:folded hits:update",
      "callBetween, count:plain count:plain",
      "divisionBetween, count:plain count:plain",
      "differentObjects, count:plain count:plain",
      "differentField, total:plain count:plain",
      "compoundOnArrayElement, cells:plain"})
  void fieldEventsOfEachMethod(String method, String events) throws IOException {
    assertEquals(events, folded(method));
  }
}
