package dev.racekit.core;

import dev.racekit.spi.Availability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.core.FakeProviders.Fake;
import dev.racekit.spi.RaceBackendProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BackendSelectorTest {
  private static final Fake THUNK = Fake.unavailable("thunk", 30, "needs linux-x86_64, this is linux-aarch64");
  private static final Fake JNI = Fake.available("jni", 20);
  private static final Fake JAVA = Fake.available("java", 10);

  /** As discover() returns them: highest priority first. */
  private static final List<RaceBackendProvider> ALL = List.of(THUNK, JNI, JAVA);

  private static String names(List<RaceBackendProvider> ps) {
    return ps.stream().map(RaceBackendProvider::name).toList().toString();
  }

  @Test
  void discoverFindsRegisteredProvidersHighestPriorityFirstThenByName() {
    List<RaceBackendProvider> found = BackendSelector.discover(BackendSelectorTest.class.getClassLoader());
    assertEquals("[broken, fast, slow, twin]", names(found));
  }

  @Test
  void discoverWithNothingOnTheClassPathFindsNothing() throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertEquals(List.of(), BackendSelector.discover(empty));
    }
  }

  @Test
  void noProviderOnTheClassPath() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> BackendSelector.choose(List.of(), null));
    assertTrue(e.getMessage().contains("no backend found on the class path"), e.getMessage());
    assertTrue(e.getMessage().contains("backend-pure-java"), "says what to add: " + e.getMessage());
  }

  @Test
  void noProviderOnTheClassPathEvenWhenOneIsNamed() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> BackendSelector.choose(List.of(), "java"));
    assertTrue(e.getMessage().contains("no backend found"), e.getMessage());
  }

  @Test
  void explicitChoiceWinsOverPriority() {
    BackendSelector.Choice c = BackendSelector.choose(ALL, "java");
    assertSame(JAVA, c.provider());
    String text = c.explanation();
    // an explicit choice probes no other backend (a probe may load a native library)
    assertEquals("racekit: using backend 'java' (chosen by racekit.backend)", text);
  }

  /** Every "lower priority A than B" in an explanation must have A below B. */
  private static void assertPriorityClaimsAreTrue(String explanation) {
    Matcher m = Pattern.compile("lower priority (-?\\d+) than (-?\\d+)").matcher(explanation);
    while (m.find()) {
      assertTrue(Integer.parseInt(m.group(1)) < Integer.parseInt(m.group(2)),
          "false claim '" + m.group() + "' in: " + explanation);
    }
  }

  @Test
  void explicitChoiceIsTrimmed() {
    assertSame(JNI, BackendSelector.choose(ALL, "  jni \t").provider());
  }

  @Test
  void explicitChoiceOfAnUnknownName() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> BackendSelector.choose(ALL, "jvm"));
    assertEquals("racekit: backend 'jvm' (racekit.backend) is not on the class path; found: thunk, jni, java;"
        + " can run here: jni, java", e.getMessage());
  }

  @Test
  void explicitChoiceThatCannotRunNamesTheReasonAndTheRunnableBackends() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> BackendSelector.choose(ALL, "thunk"));
    assertEquals("racekit: backend 'thunk' (racekit.backend) cannot run here: needs linux-x86_64, this is"
        + " linux-aarch64; backends that can run here: jni, java", e.getMessage());
  }

  @Test
  void explicitChoiceThatCannotRunWhenNothingCan() {
    List<RaceBackendProvider> none = List.of(THUNK, Fake.unavailable("jni", 20, "libracekit.so not found"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> BackendSelector.choose(none, "jni"));
    assertEquals("racekit: backend 'jni' (racekit.backend) cannot run here: libracekit.so not found;"
        + " backends that can run here: none", e.getMessage());
  }

  @Test
  void automaticChoiceTakesTheHighestPriorityThatCanRun() {
    BackendSelector.Choice c = BackendSelector.choose(ALL, null);
    assertSame(JNI, c.provider());
    assertEquals("racekit: using backend 'jni' (highest priority that can run here); not chosen: thunk (needs"
        + " linux-x86_64, this is linux-aarch64), java (lower priority 10 than 20)", c.explanation());
    assertPriorityClaimsAreTrue(c.explanation());
  }

  @Test
  void blankNameMeansAutomatic() {
    assertSame(JNI, BackendSelector.choose(ALL, "").provider());
    assertSame(JNI, BackendSelector.choose(ALL, "   ").provider());
  }

  @Test
  void automaticChoiceOfTheOnlyProviderSaysNothingAboutOthers() {
    BackendSelector.Choice c = BackendSelector.choose(List.of(JAVA), null);
    assertSame(JAVA, c.provider());
    assertEquals("racekit: using backend 'java' (highest priority that can run here)", c.explanation());
  }

  @Test
  void automaticChoiceWhenNothingCanRunListsEveryReason() {
    List<RaceBackendProvider> none = List.of(THUNK, Fake.unavailable("jni", 20, "libracekit.so not found"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> BackendSelector.choose(none, null));
    assertEquals("racekit: no backend can run here: thunk (needs linux-x86_64, this is linux-aarch64),"
        + " jni (libracekit.so not found)", e.getMessage());
  }

  @Test
  void automaticChoiceOverDiscoveredProvidersSkipsTheOneThatCannotRun() {
    BackendSelector.Choice c =
        BackendSelector.choose(BackendSelector.discover(BackendSelectorTest.class.getClassLoader()), null);
    assertEquals("fast", c.provider().name());
    assertEquals("racekit: using backend 'fast' (highest priority that can run here); not chosen: broken"
        + " (libbroken.so is not on java.library.path), slow (lower priority 10 than 30), twin (lower priority 10"
        + " than 30)", c.explanation());
  }

  /** A provider whose probe would load a native library: the selection must not ask it unless it needs to. */
  private static FakeProviders.Fake mustNotBeProbed(String name, int priority) {
    return new FakeProviders.Fake(name, priority, Availability.yes()) {
      @Override
      public Availability availability() {
        throw new AssertionError(name + " was probed, but the choice did not depend on it");
      }
    };
  }

  @Test
  void automaticChoiceProbesNothingBelowTheChosenBackend() {
    BackendSelector.Choice c = BackendSelector.choose(List.of(JNI, mustNotBeProbed("lowNative", 5)), null);
    assertSame(JNI, c.provider());
    assertEquals("racekit: using backend 'jni' (highest priority that can run here); not chosen: lowNative (lower"
        + " priority 5 than 20)", c.explanation());
  }

  @Test
  void explicitChoiceProbesNoOtherBackend() {
    BackendSelector.Choice c = BackendSelector.choose(List.of(mustNotBeProbed("highNative", 50), JAVA), "java");
    assertSame(JAVA, c.provider());
  }

  @Test
  void equalPriorityAfterTheChosenOneIsNotCalledLower() {
    FakeProviders.Fake a = new FakeProviders.Fake("a", 10, Availability.yes());
    BackendSelector.Choice c = BackendSelector.choose(List.of(a, mustNotBeProbed("b", 10)), null);
    assertEquals("racekit: using backend 'a' (highest priority that can run here); not chosen: b (same priority 10,"
        + " after 'a' by name)", c.explanation());
  }

  @Test
  void aProviderCompiledForANewerJavaIsNamedWithTheJavaItNeeds() {
    assertEquals("needs Java 25 or later (this is " + Runtime.version().feature() + ")",
        BackendSelector.needsNewerJava(new UnsupportedClassVersionError("dev/racekit/thunk/ThunkBackendProvider has"
            + " been compiled by a more recent version of the Java Runtime (class file version 69.0), this version of"
            + " the Java Runtime only recognizes class file versions up to 61.0")));
    assertEquals(null, BackendSelector.needsNewerJava(new NoClassDefFoundError("x")));
  }
}
