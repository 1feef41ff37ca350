package dev.racekit.agent.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The corpus' declarations agree with its sources (no agent needed): every program declares its expectation, each
 * declared access site is a line carrying a {@code // race @N} marker in that file, and the corpus has its size.
 */
class CorpusDeclarationsTest {
  private static final List<CorpusProgram> PROGRAMS = CorpusProgram.loadAll(CorpusIT.testSources());

  @Test
  void corpusHasRacyAndRaceFreePrograms() {
    long racy = PROGRAMS.stream().filter(p -> p.group().equals("racy")).count();
    long safe = PROGRAMS.stream().filter(p -> p.group().equals("safe")).count();
    long libs = PROGRAMS.stream().filter(p -> p.group().equals("libs")).count();
    assertTrue(racy >= 20, "racy programs: " + racy);
    assertTrue(safe >= 20, "race-free programs: " + safe);
    assertTrue(libs >= 4, "library programs: " + libs);
    assertTrue(PROGRAMS.stream().filter(p -> p.group().equals("racy")).allMatch(CorpusProgram::racy),
        "every racecorpus.racy program declares a race");
    assertTrue(PROGRAMS.stream().filter(p -> !p.group().equals("racy")).noneMatch(CorpusProgram::racy),
        "racecorpus.safe and .libs programs declare 'EXPECT: no race'");
  }

  @Test
  void everyProgramFileDeclaresItsExpectation() throws IOException {
    List<String> undeclared = new ArrayList<>();
    for (String pkg : CorpusProgram.PACKAGES) {
      try (Stream<Path> files = Files.list(CorpusIT.testSources().resolve(pkg))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          boolean hasMain = Files.readString(f).contains("public static void main(");
          if (hasMain && CorpusProgram.load(pkg.replace('/', '.'), f) == null) {
            undeclared.add(f.getFileName().toString());
          }
        }
      }
    }
    assertEquals(List.of(), undeclared, "programs with a main but no EXPECT line");
  }

  @Test
  void declaredSitesAreMarkedLinesOfTheProgram() throws IOException {
    List<String> wrong = new ArrayList<>();
    for (CorpusProgram p : PROGRAMS) {
      List<String> lines = Files.readAllLines(p.source());
      String file = p.source().getFileName().toString();
      for (Expectation e : Stream.concat(p.required().stream(), p.allowed().stream()).toList()) {
        for (String site : e.sites()) {
          String[] parts = site.split(":");
          int line = Integer.parseInt(parts[1]);
          boolean accessSite = site.equals(e.siteA().split("<")[0]) || site.equals(e.siteB().split("<")[0]);
          if (!parts[0].equals(file) || line < 1 || line > lines.size()
              || (accessSite && !lines.get(line - 1).contains(CorpusProgram.RACE_MARKER))) {
            wrong.add(p.className() + ": " + site);
          }
        }
      }
    }
    assertEquals(List.of(), wrong, "declared access sites must be lines of the same file marked '// race @N',"
        + " and the callers of a declared stack lines of that file");
  }

  @Test
  void expectationsMatchReportsByAccessSiteOrByCaller() {
    String report = String.join("\n",
        "==================",
        "WARNING: DATA RACE",
        "Write at 0x0000000000001000 by thread 3 \"worker-1\":",
        "  java.util.HashMap.putVal()",
        "      HashMap.java:640 +0x1",
        "  java.util.HashMap.put()",
        "      HashMap.java:610 +0x2",
        "  racecorpus.racy.HashMapPut.lambda$main$0()",
        "      HashMapPut.java:14 +0x3",
        "",
        "Previous read at 0x0000000000001000 by main thread:",
        "  java.util.HashMap.putVal()",
        "      HashMap.java:630 +0x1",
        "  racecorpus.racy.HashMapPut.main()",
        "      HashMapPut.java:18 +0x4",
        "",
        "Location is field java.util.HashMap.table",
        "",
        "Thread 3 \"worker-1\" (running) created at:",
        "  racecorpus.racy.HashMapPut.main()",
        "      HashMapPut.java:17 +0x5",
        "==================",
        "Found 1 data race(s)");
    List<RaceReport> reports = RaceReport.parseAll(report);
    assertEquals(1, reports.size());
    assertEquals(1, RaceReport.foundCount(report));
    RaceReport r = reports.get(0);
    assertEquals("HashMap.java:640", RaceReport.accessSite(r.current()));
    assertEquals("HashMap.java:630", RaceReport.accessSite(r.previous()));
    assertEquals("field java.util.HashMap.table", r.location());
    assertTrue(Expectation.parse(true, "HashMapPut.java:18 HashMapPut.java:14 | * java.util.HashMap*").matches(r));
    assertFalse(Expectation.parse(true, "HashMapPut.java:18 HashMapPut.java:15 | * java.util.HashMap*").matches(r));
    assertFalse(Expectation.parse(false, "HashMapPut.java:18 HashMapPut.java:14 | * java.util.HashMap*").matches(r));
    assertTrue(Expectation.parse(false, "HashMap.java:630 HashMap.java:640 | x || field java.util.*").matches(r));
    assertFalse(Expectation.parse(false, "HashMap.java:630 HashMap.java:640 | field java.util.HashMap.size")
        .matches(r));
    assertFalse(Expectation.parse(false, "HashMapPut.java:18 HashMapPut.java:14 | *").stacks());
  }

  @Test
  void stackExpectationsNeedEveryProgramFrameAndNoOther() {
    String report = String.join("\n",
        "==================",
        "WARNING: DATA RACE",
        "Write at 0x0000000000001000 by thread 3 \"worker-1\":",
        "  racecorpus.racy.Stale.count()",
        "      Stale.java:30 +0x5",
        "  racecorpus.racy.Stale$Counting.uncaughtException()",
        "      Stale.java:53 +0xa",
        "",
        "Previous write at 0x0000000000001000 by thread 2 \"worker-0\":",
        "  racecorpus.racy.Stale.count()",
        "      Stale.java:30 +0x5",
        "  racecorpus.racy.Stale$Counting.uncaughtException()",
        "      Stale.java:53 +0xa",
        "  java.lang.Thread.run()",
        "      Thread.java:1 +0x1",
        "  racecorpus.racy.Stale.work()",
        "      Stale.java:25 +0x2",
        "",
        "Location is static field racecorpus.racy.Stale.failures",
        "==================");
    RaceReport r = RaceReport.parseAll(report).get(0);
    assertEquals("Stale.java:30<Stale.java:53", RaceReport.sitesIn(r.current(), Expectation.PROGRAM_PACKAGE));
    assertEquals("Stale.java:30<Stale.java:53<Stale.java:25",
        RaceReport.sitesIn(r.previous(), Expectation.PROGRAM_PACKAGE));
    Expectation exact = Expectation.parse(false,
        "Stale.java:30<Stale.java:53 Stale.java:30<Stale.java:53 | static field racecorpus.racy.Stale.failures");
    assertFalse(exact.matches(r), "a stale frame under the handler fails the match");
    assertTrue(Expectation.parse(false,
        "Stale.java:30<Stale.java:53<Stale.java:25 Stale.java:30<Stale.java:53 | static field *").matches(r));
    assertTrue(Expectation.parse(false, "Stale.java:30 Stale.java:30 | static field *").matches(r),
        "a single site still checks the access site alone");
    assertEquals(List.of("Stale.java:30", "Stale.java:53", "Stale.java:30", "Stale.java:53"), exact.sites());
    assertThrows(IllegalArgumentException.class,
        () -> Expectation.parse(false, "Stale.java:30<Stale.java:53 Stale.java:30 | x"));
  }

  @Test
  void knownIssuesNameBackendsAndJdk() {
    CorpusProgram.KnownIssue k = CorpusProgram.KnownIssue.parse("java,jni jdk17: copies alias");
    assertEquals(List.of("java", "jni"), k.backends());
    assertEquals(17, k.jdk());
    assertEquals("copies alias", k.text());
    assertTrue(k.applies("jni", 17));
    assertFalse(k.applies("jni", 25));
    assertFalse(k.applies("thunk", 17));
    assertTrue(CorpusProgram.KnownIssue.parse("all: x").applies("thunk", 25));
  }
}
