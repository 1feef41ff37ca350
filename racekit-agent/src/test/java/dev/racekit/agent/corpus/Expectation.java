package dev.racekit.agent.corpus;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One declared race of a corpus program: an unordered pair of source lines and the Location line.
 *
 * <p>{@code EXPECT-RACE: A.java:12 A.java:15 | field p.A.count}: the first frames (access sites) of the two stacks
 * are these lines. {@code EXPECT-RACE-VIA: ...}: the race is inside a library (a JDK collection), and the innermost
 * frame in {@code racecorpus.} of each stack is one of these lines. The Location part is a glob ({@code *} matches
 * anything), alternatives separated by {@code ||}.
 */
record Expectation(boolean viaCaller, String siteA, String siteB, String locationGlob) {
  static final String PROGRAM_PACKAGE = "racecorpus.";

  /** Parses the text after the {@code EXPECT-RACE:} (or {@code -VIA:}) keyword. */
  static Expectation parse(boolean viaCaller, String spec) {
    String[] parts = spec.split("\\|", 2);
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new IllegalArgumentException("expected '<File.java:N> <File.java:M> | <location>', got: " + spec);
    }
    // "||" separates alternatives of the location: rejoin what the first split cut.
    String[] sites = parts[0].trim().split("\\s+");
    if (sites.length != 2 || !sites[0].matches("\\S+\\.java:\\d+") || !sites[1].matches("\\S+\\.java:\\d+")) {
      throw new IllegalArgumentException("expected two File.java:N sites before '|', got: " + parts[0]);
    }
    String location = parts[1].startsWith("|") ? parts[1].substring(1) : parts[1];
    return new Expectation(viaCaller, sites[0], sites[1], location.trim());
  }

  boolean matches(RaceReport r) {
    String a = viaCaller ? RaceReport.firstSiteIn(r.current(), PROGRAM_PACKAGE) : RaceReport.accessSite(r.current());
    String b = viaCaller ? RaceReport.firstSiteIn(r.previous(), PROGRAM_PACKAGE) : RaceReport.accessSite(r.previous());
    boolean pair = (a.equals(siteA) && b.equals(siteB)) || (a.equals(siteB) && b.equals(siteA));
    return pair && locationMatches(r.location());
  }

  boolean locationMatches(String location) {
    for (String alternative : List.of(locationGlob.split("\\|\\|"))) {
      if (globToRegex(alternative.trim()).matcher(location).matches()) {
        return true;
      }
    }
    return false;
  }

  private static Pattern globToRegex(String glob) {
    List<String> pieces = List.of(glob.split("\\*", -1));
    return Pattern.compile(String.join(".*", pieces.stream().map(Pattern::quote).toList()));
  }

  @Override
  public String toString() {
    return (viaCaller ? "via callers " : "") + siteA + " / " + siteB + " | " + locationGlob;
  }
}
