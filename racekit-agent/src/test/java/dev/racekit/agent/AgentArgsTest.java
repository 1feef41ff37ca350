package dev.racekit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AgentArgsTest {
  @Test
  void emptyOrMissingArgumentsMeanEverything() {
    for (String s : new String[] {null, "", "  ", ",;"}) {
      AgentArgs a = AgentArgs.parse(s);
      assertTrue(a.problems().isEmpty(), s);
      assertTrue(a.includes().isEmpty(), s);
    }
  }

  @Test
  void includeAndExcludeAcceptGlobListsSeparatedByCommasOrSemicolons() {
    AgentArgs a = AgentArgs.parse("include=com.example.*|org.acme.App;exclude=com.example.gen.*");
    assertTrue(a.problems().isEmpty(), a.problems().toString());
    assertEquals(2, a.includes().size());
    assertEquals(1, a.excludes().size());
    ClassFilter f = a.filter();
    assertEquals(ClassFilter.Mode.FULL, f.mode("com/example/Main"));
    assertEquals(ClassFilter.Mode.FULL, f.mode("com/example/sub/Deep"));
    assertEquals(ClassFilter.Mode.FULL, f.mode("org/acme/App"));
    assertEquals(ClassFilter.Mode.NONE, f.mode("org/acme/AppX"));
    assertEquals(ClassFilter.Mode.NONE, f.mode("com/example/gen/Stub"));
    assertEquals(ClassFilter.Mode.NONE, f.mode("net/other/Main"));
  }

  @Test
  void questionMarkMatchesOneCharacter() {
    ClassFilter f = AgentArgs.parse("include=a.B?").filter();
    assertEquals(ClassFilter.Mode.FULL, f.mode("a/B1"));
    assertEquals(ClassFilter.Mode.NONE, f.mode("a/B12"));
  }

  @Test
  void unknownArgumentIsReportedAndSkipped() {
    AgentArgs a = AgentArgs.parse("verbose=1,include=x.*");
    assertEquals(1, a.problems().size());
    assertTrue(a.problems().get(0).contains("unknown agent argument 'verbose=1'"), a.problems().get(0));
    assertEquals(1, a.includes().size());
  }

  @Test
  void malformedPatternsAreReportedAndSkipped() {
    AgentArgs a = AgentArgs.parse("include=com/example/*|good.*|bad pattern|.x|a..b,exclude=");
    assertEquals(5, a.problems().size(), a.problems().toString());
    assertTrue(a.problems().get(0).contains("malformed include pattern 'com/example/*'"));
    assertTrue(a.problems().get(4).contains("'exclude' needs a value"));
    assertEquals(1, a.includes().size());
    assertFalse(a.filter().mode("good/One") == ClassFilter.Mode.NONE);
  }

  @Test
  void blockFieldIsOnUnlessTurnedOff() {
    assertTrue(AgentArgs.parse("").blockField());
    assertFalse(AgentArgs.parse("blockfield=off").blockField());
    assertTrue(AgentArgs.parse("blockfield=off,blockfield=on").blockField());
    AgentArgs bad = AgentArgs.parse("blockfield=no");
    assertTrue(bad.blockField(), "a bad value leaves the default");
    assertEquals(1, bad.problems().size());
    assertTrue(bad.problems().get(0).contains("'blockfield' takes on or off"), bad.problems().get(0));
  }

  @Test
  void cacheNamesADirectoryOrOff() {
    assertEquals(java.nio.file.Path.of("/tmp/rk"), AgentArgs.parse("cache=/tmp/rk").cacheDirectory());
    assertEquals(null, AgentArgs.parse("cache=off").cacheDirectory());
    AgentArgs empty = AgentArgs.parse("cache=");
    assertTrue(empty.problems().get(0).contains("'cache' needs a directory or off"), empty.problems().toString());
    java.nio.file.Path byDefault = AgentArgs.parse("").cacheDirectory();
    assertTrue(byDefault == null || byDefault.endsWith("racekit"), String.valueOf(byDefault));
  }

  @Test
  void theFilterDescriptionTellsFiltersApart() {
    assertEquals(AgentArgs.parse("include=a.*").filterDescription(), AgentArgs.parse("include=a.*").filterDescription());
    assertFalse(AgentArgs.parse("include=a.*").filterDescription()
        .equals(AgentArgs.parse("exclude=a.*").filterDescription()));
    assertFalse(AgentArgs.parse("").filterDescription().equals(AgentArgs.parse("include=a.*").filterDescription()));
  }
}
