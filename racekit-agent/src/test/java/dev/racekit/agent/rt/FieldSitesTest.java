package dev.racekit.agent.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class FieldSitesTest {
  static class Base {
    int plain;
    volatile int vol;
    final int fin = 1;
    static int sPlain;
  }

  static class Sub extends Base {
    int own;
  }

  interface Consts {
    int[] TABLE = new int[1];
  }

  static class Impl implements Consts {}

  private static PcEntry site(Class<?> owner, String name, boolean isStatic, boolean syncOnly) {
    return new PcEntry("C", "m", "C.java", 1, 0, owner.getName().replace('.', '/'), name, isStatic, syncOnly);
  }

  @Test
  void instanceSitesResolveThroughTheRuntimeClassToTheDeclaringClass() {
    PcEntry e = site(Sub.class, "plain", false, false);
    FieldSites.resolveInstance(e, Sub.class);
    assertEquals(FieldSites.PLAIN, e.state);
    assertEquals(Layout.of(Base.class).ownInstance("plain"), e.slot);
    PcEntry own = site(Sub.class, "own", false, false);
    FieldSites.resolveInstance(own, Sub.class);
    assertEquals(Layout.of(Base.class).instanceCount(), own.slot);
  }

  @Test
  void volatileFinalAndSyncOnlySites() {
    PcEntry v = site(Base.class, "vol", false, false);
    FieldSites.resolveInstance(v, Sub.class);
    assertEquals(FieldSites.VOLATILE, v.state);
    PcEntry f = site(Base.class, "fin", false, false);
    FieldSites.resolveInstance(f, Base.class);
    assertEquals(FieldSites.IGNORED, f.state);
    PcEntry p = site(Base.class, "plain", false, true);
    FieldSites.resolveInstance(p, Base.class);
    assertEquals(FieldSites.IGNORED, p.state, "a sync-only class's plain field makes no event");
    PcEntry missing = site(Base.class, "nope", false, false);
    FieldSites.resolveInstance(missing, Base.class);
    assertEquals(FieldSites.IGNORED, missing.state);
  }

  @Test
  void staticSitesFollowJvmFieldLookup() {
    PcEntry s = site(Sub.class, "sPlain", true, false);
    FieldSites.resolveStatic(s, Sub.class);
    assertEquals(FieldSites.PLAIN, s.state);
    assertSame(Base.class, s.staticHolder);
    PcEntry i = site(Impl.class, "TABLE", true, false);
    FieldSites.resolveStatic(i, Impl.class);
    assertSame(Consts.class, i.staticHolder);
    assertEquals(FieldSites.IGNORED, i.state, "interface fields are final");
  }
}
