package dev.racekit.core;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Option strings in the manner of GORACE: every key, the defaults, and the errors. */
class RaceOptionsTest {

  private static IllegalArgumentException rejected(String text) {
    return assertThrows(IllegalArgumentException.class, () -> RaceOptions.parse(text));
  }

  /** Asserts every option of {@code o}, in the order of the keys. */
  private static void assertOptions(RaceOptions o, String logPath, int exitCode, boolean haltOnError,
      int historySize, String stripPathPrefix, boolean suppressEqualStacks) {
    assertAll("options " + o,
        () -> assertEquals(logPath, o.logPath(), "log_path"),
        () -> assertEquals(exitCode, o.exitCode(), "exitcode"),
        () -> assertEquals(haltOnError, o.haltOnError(), "halt_on_error"),
        () -> assertEquals(historySize, o.historySize(), "history_size"),
        () -> assertEquals(stripPathPrefix, o.stripPathPrefix(), "strip_path_prefix"),
        () -> assertEquals(suppressEqualStacks, o.suppressEqualStacks(), "suppress_equal_stacks"));
  }

  @Test
  void defaults() {
    RaceOptions o = RaceOptions.defaults();
    assertOptions(o, "stderr", 66, false, 1, "", true);
    assertEquals(o, RaceOptions.builder().build());
  }

  @Test
  void nullEmptyAndBlankTextGiveTheDefaults() {
    assertEquals(RaceOptions.defaults(), RaceOptions.parse(null));
    assertEquals(RaceOptions.defaults(), RaceOptions.parse(""));
    assertEquals(RaceOptions.defaults(), RaceOptions.parse("  \t\n "));
  }

  @Test
  void everyKey() {
    RaceOptions o = RaceOptions.parse("log_path=/tmp/race exitcode=3 halt_on_error=1 history_size=7"
        + " strip_path_prefix=/home/ci/src/ suppress_equal_stacks=0");
    assertOptions(o, "/tmp/race", 3, true, 7, "/home/ci/src/", false);
  }

  @Test
  void eachKeyAloneLeavesTheOthersAtTheirDefaults() {
    assertEquals("stdout", RaceOptions.parse("log_path=stdout").logPath());
    assertEquals(0, RaceOptions.parse("exitcode=0").exitCode());
    assertEquals(255, RaceOptions.parse("exitcode=255").exitCode());
    assertFalse(RaceOptions.parse("halt_on_error=0").haltOnError());
    assertEquals(0, RaceOptions.parse("history_size=0").historySize());
    assertEquals("x/", RaceOptions.parse("strip_path_prefix=x/").stripPathPrefix());
    assertTrue(RaceOptions.parse("suppress_equal_stacks=1").suppressEqualStacks());
    RaceOptions o = RaceOptions.parse("history_size=4");
    assertEquals(4, o.historySize());
    assertEquals(66, o.exitCode());
    assertEquals("stderr", o.logPath());
  }

  @Test
  void anyWhitespaceSeparatesPairsAndTheLastValueOfAKeyWins() {
    RaceOptions o = RaceOptions.parse("\texitcode=5\n\n history_size=2   exitcode=9 ");
    assertEquals(9, o.exitCode());
    assertEquals(2, o.historySize());
  }

  @Test
  void valueMayContainAnEqualsSignAndMayBeEmptyWhereAllowed() {
    assertEquals("/tmp/a=b", RaceOptions.parse("log_path=/tmp/a=b").logPath());
    assertEquals("", RaceOptions.parse("strip_path_prefix=x strip_path_prefix=").stripPathPrefix());
  }

  @Test
  void unknownKeyIsNamed() {
    IllegalArgumentException e = rejected("exitcode=1 histroy_size=2");
    assertTrue(e.getMessage().contains("'histroy_size'"), e.getMessage());
    assertTrue(e.getMessage().contains("history_size"), "lists the known keys: " + e.getMessage());
  }

  @Test
  void keysAreCaseSensitive() {
    assertTrue(rejected("EXITCODE=1").getMessage().contains("'EXITCODE'"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"exitcode", "=1", "exitcode:1", "log_path"})
  void pairWithoutKeyOrEqualsSignIsNamed(String pair) {
    IllegalArgumentException e = rejected("history_size=1 " + pair);
    assertTrue(e.getMessage().contains("'" + pair + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("key=value"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"exitcode=-1", "exitcode=256", "exitcode=x", "exitcode=", "exitcode=1.5",
      "halt_on_error=2", "halt_on_error=true", "halt_on_error=-1", "history_size=8", "history_size=-1",
      "history_size=one", "suppress_equal_stacks=2", "suppress_equal_stacks=yes", "exitcode=99999999999"})
  void badValueIsNamedWithItsKey(String pair) {
    IllegalArgumentException e = rejected(pair);
    String key = pair.substring(0, pair.indexOf('='));
    assertTrue(e.getMessage().contains(key), e.getMessage());
    assertTrue(e.getMessage().contains(pair.substring(pair.indexOf('=') + 1)), "names the value: " + e.getMessage());
  }

  @Test
  void outOfRangeMessageGivesTheRange() {
    assertTrue(rejected("history_size=8").getMessage().contains("0..7"));
    assertTrue(rejected("exitcode=300").getMessage().contains("0..255"));
  }

  @Test
  void emptyLogPathIsRejected() {
    assertTrue(rejected("log_path=").getMessage().contains("log_path"));
    assertThrows(IllegalArgumentException.class, () -> RaceOptions.builder().logPath(""));
    assertThrows(NullPointerException.class, () -> RaceOptions.builder().logPath(null));
  }

  @Test
  void builderValidatesAtOnce() {
    RaceOptions.Builder b = RaceOptions.builder();
    assertThrows(IllegalArgumentException.class, () -> b.exitCode(256));
    assertThrows(IllegalArgumentException.class, () -> b.historySize(8));
    assertThrows(IllegalArgumentException.class, () -> b.set("nope", "1"));
    assertThrows(NullPointerException.class, () -> b.set(null, "1"));
    assertThrows(NullPointerException.class, () -> b.set("exitcode", null));
    assertThrows(NullPointerException.class, () -> b.stripPathPrefix(null));
    assertEquals(RaceOptions.defaults(), b.build(), "rejected calls changed nothing");
  }

  @Test
  void builderAndParseAgree() {
    RaceOptions built = RaceOptions.builder().logPath("stdout").exitCode(7).haltOnError(true).historySize(3)
        .stripPathPrefix("/src/").suppressEqualStacks(false).build();
    RaceOptions parsed = RaceOptions.parse("log_path=stdout exitcode=7 halt_on_error=1 history_size=3"
        + " strip_path_prefix=/src/ suppress_equal_stacks=0");
    assertEquals(built, parsed);
    assertEquals(built.hashCode(), parsed.hashCode());
    assertNotEquals(built, RaceOptions.defaults());
  }

  @Test
  void asMapHasEveryKeyInOrder() {
    assertEquals(Map.of("log_path", "stderr", "exitcode", "66", "halt_on_error", "0", "history_size", "1",
        "strip_path_prefix", "", "suppress_equal_stacks", "1", "suppressions", ""), RaceOptions.defaults().asMap());
    assertEquals(List.of("log_path", "exitcode", "halt_on_error", "history_size", "strip_path_prefix",
        "suppress_equal_stacks", "suppressions"), List.copyOf(RaceOptions.defaults().asMap().keySet()));
  }

  @Test
  void toStringOfTheDefaults() {
    assertEquals("log_path=stderr exitcode=66 halt_on_error=0 history_size=1 strip_path_prefix="
        + " suppress_equal_stacks=1 suppressions=", RaceOptions.defaults().toString());
  }

  @Test
  void toStringRoundTrips() {
    for (RaceOptions o : List.of(RaceOptions.defaults(),
        RaceOptions.parse("log_path=/var/log/race exitcode=0 halt_on_error=1 history_size=0"
            + " strip_path_prefix=/build/ suppress_equal_stacks=0 suppressions=/etc/racekit.supp"),
        RaceOptions.parse("log_path=stdout history_size=7 strip_path_prefix=a=b"))) {
      assertEquals(o, RaceOptions.parse(o.toString()), o.toString());
    }
  }

  /**
   * toString promises a form that parse reads back. A value with whitespace cannot be written in that form, so the
   * builder must either reject it or toString must still round-trip.
   */
  @Test
  void valueWithWhitespaceIsRejectedOrRoundTrips() {
    for (String path : List.of("/tmp/my logs/race", "C:\\Program Files\\race")) {
      RaceOptions o;
      try {
        o = RaceOptions.builder().logPath(path).stripPathPrefix("/home/me/My Projects/").build();
      } catch (IllegalArgumentException rejected) {
        continue;
      }
      RaceOptions back;
      try {
        back = RaceOptions.parse(o.toString());
      } catch (IllegalArgumentException e) {
        throw new AssertionError("toString of options built without error cannot be parsed back: " + o, e);
      }
      assertEquals(o, back);
    }
  }

  @Test
  void environmentOptionsComeFromTheSystemProperty() {
    String old = System.getProperty(RaceKit.OPTIONS_PROPERTY);
    try {
      System.setProperty(RaceKit.OPTIONS_PROPERTY, "exitcode=12 history_size=5");
      RaceOptions o = RaceKit.environmentOptions();
      assertEquals(12, o.exitCode());
      assertEquals(5, o.historySize());
      System.setProperty(RaceKit.OPTIONS_PROPERTY, "exitcode=twelve");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, RaceKit::environmentOptions);
      assertTrue(e.getMessage().contains("exitcode"), e.getMessage());
      System.setProperty(RaceKit.OPTIONS_PROPERTY, "");
      assertEquals(RaceOptions.defaults(), RaceKit.environmentOptions(), "an empty property still wins");
    } finally {
      if (old == null) {
        System.clearProperty(RaceKit.OPTIONS_PROPERTY);
      } else {
        System.setProperty(RaceKit.OPTIONS_PROPERTY, old);
      }
    }
  }

  @Test
  void environmentOptionsWithoutPropertyComeFromTheEnvironmentVariable() {
    String old = System.getProperty(RaceKit.OPTIONS_PROPERTY);
    System.clearProperty(RaceKit.OPTIONS_PROPERTY);
    try {
      assertEquals(RaceOptions.parse(System.getenv(RaceKit.OPTIONS_ENV)), RaceKit.environmentOptions());
    } finally {
      if (old != null) {
        System.setProperty(RaceKit.OPTIONS_PROPERTY, old);
      }
    }
  }
}
