package dev.racekit.agent.corpus;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One declared race of a corpus program: an unordered pair of source lines and the Location line.
 *
 * <p>{@code EXPECT-RACE: A.java:12 A.java:15 | field p.A.count}: the first frames (access sites) of the two stacks
 * are these lines. {@code EXPECT-RACE-VIA: ...}: the race is inside a library (a JDK collection), and the innermost
 * frame in {@code racecorpus.} of each stack is one of these lines. The Location part is a glob ({@code *} matches
 * anything), alternatives separated by {@code ||}. A site may be a whole stack, innermost frame first, joined by
 * {@code <} ({@code A.java:30<A.java:53}): then the frames of the stack in {@code racecorpus.} must be exactly these, so
 * a frame that should have been popped fails the match.
 */
record Expectation(boolean viaCaller, String siteA, String siteB, String locationGlob) {
  static final String PROGRAM_PACKAGE = "racecorpus.";
  private static final String SITES = "\\S+?\\.java:\\d+(<\\S+?\\.java:\\d+)*";

  /** Parses the text after the {@code EXPECT-RACE:} (or {@code -VIA:}) keyword. */
  static Expectation parse(boolean viaCaller, String spec) {
    String[] parts = spec.split("\\|", 2);
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new IllegalArgumentException("expected '<File.java:N> <File.java:M> | <location>', got: " + spec);
    }
    // "||" separates alternatives of the location: rejoin what the first split cut.
    String[] sites = parts[0].trim().split("\\s+");
    if (sites.length != 2 || !sites[0].matches(SITES) || !sites[1].matches(SITES)
        || sites[0].contains("<") != sites[1].contains("<")) {
      throw new IllegalArgumentException("expected two File.java:N sites (or two stacks of them, joined by '<')"
          + " before '|', got: " + parts[0]);
    }
    String location = parts[1].startsWith("|") ? parts[1].substring(1) : parts[1];
    return new Expectation(viaCaller, sites[0], sites[1], location.trim());
  }

  /** Whether the sites are whole stacks. */
  boolean stacks() {
    return siteA.contains("<");
  }

  /** The sites of every declared access site and stack frame. */
  List<String> sites() {
    return List.of((siteA + "<" + siteB).split("<"));
  }

  boolean matches(RaceReport r) {
    String a = side(r.current());
    String b = side(r.previous());
    boolean pair = (a.equals(siteA) && b.equals(siteB)) || (a.equals(siteB) && b.equals(siteA));
    return pair && locationMatches(r.location());
  }

  private String side(List<RaceReport.Frame> stack) {
    if (stacks()) {
      return RaceReport.sitesIn(stack, PROGRAM_PACKAGE);
    }
    return viaCaller ? RaceReport.firstSiteIn(stack, PROGRAM_PACKAGE) : RaceReport.accessSite(stack);
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
