package dev.racekit.agent.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A corpus program and what it declares in its first lines:
 *
 * <pre>
 * // EXPECT-RACE: Counter.java:11 Counter.java:11 | field racecorpus.racy.Counter.count   (one or more, each required)
 * // EXPECT-RACE: A.java:30<A.java:53 A.java:30<A.java:53 | ...                         (whole stacks, innermost first)
 * // EXPECT-RACE-VIA: HashMapPut.java:14 HashMapPut.java:18 | * java.util.HashMap*       (race inside a library)
 * // MAY-RACE: LazyInit.java:15 LazyInit.java:15 | static field ...                       (allowed, not required)
 * // EXPECT: no race
 * // REQUIRES-JDK: 21                                                                     (prints the skip line below)
 * // KNOWN-ISSUE: java,jni jdk17: what the agent gets wrong                               (see knownIssue)
 * </pre>
 *
 * @param className the binary name, for example {@code racecorpus.racy.Counter}
 * @param source the source file
 * @param required races that must each be reported at least once (empty: a race-free program)
 * @param allowed races that may also be reported
 * @param requiresJdk the lowest JDK feature version the program runs on; below it the program skips itself
 * @param knownIssues agent defects this program shows: a failure on a matching backend and JDK is reported as a known
 *     issue (skipped, with the failure) instead of failing the build; a pass is still a pass
 */
record CorpusProgram(String className, Path source, List<Expectation> required, List<Expectation> allowed,
    int requiresJdk, List<KnownIssue> knownIssues) {

  /**
   * {@code // KNOWN-ISSUE: java,jni jdk17: text}: the backends ({@code all} for every one), optionally one JDK
   * feature version, and what goes wrong.
   */
  record KnownIssue(List<String> backends, int jdk, String text) {
    static KnownIssue parse(String spec) {
      int colon = spec.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("expected '<backends> [jdkN]: <text>', got: " + spec);
      }
      String[] scope = spec.substring(0, colon).trim().split("\\s+");
      int jdk = 0;
      if (scope.length > 1) {
        if (!scope[1].matches("jdk\\d+")) {
          throw new IllegalArgumentException("expected jdkN after the backends, got: " + scope[1]);
        }
        jdk = Integer.parseInt(scope[1].substring(3));
      }
      return new KnownIssue(List.of(scope[0].split(",")), jdk, spec.substring(colon + 1).trim());
    }

    boolean applies(String backend, int feature) {
      return (backends.contains("all") || backends.contains(backend)) && (jdk == 0 || jdk == feature);
    }
  }

  /** The known issue that covers a failure on this backend and JDK, or null. */
  KnownIssue knownIssue(String backend, int feature) {
    return knownIssues.stream().filter(k -> k.applies(backend, feature)).findFirst().orElse(null);
  }

  /** The corpus packages, relative to the test source root. */
  static final List<String> PACKAGES = List.of("racecorpus/racy", "racecorpus/safe", "racecorpus/libs");
  /** Printed by a program that skips itself on an older JDK (racecorpus.VirtualThreads.SKIP_PREFIX). */
  static final String SKIP_PREFIX = "racecorpus: skipped: ";
  /** Marks the source line of a declared racy access ({@code // race @1}). */
  static final String RACE_MARKER = "// race @";

  boolean racy() {
    return !required.isEmpty();
  }

  String simpleName() {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  /** {@code racy}, {@code safe} or {@code libs}. */
  String group() {
    String pkg = className.substring(0, className.lastIndexOf('.'));
    return pkg.substring(pkg.lastIndexOf('.') + 1);
  }

  /** Every program (a file with a declaration) under {@code testSources}, sorted by class name. */
  static List<CorpusProgram> loadAll(Path testSources) {
    List<CorpusProgram> programs = new ArrayList<>();
    for (String pkg : PACKAGES) {
      Path dir = testSources.resolve(pkg);
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException("corpus package directory missing: " + dir);
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          CorpusProgram p = load(pkg.replace('/', '.'), f);
          if (p != null) {
            programs.add(p);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    programs.sort(Comparator.comparing(CorpusProgram::className));
    return programs;
  }

  /** The program declared in {@code file}, or null for a helper class with no declaration. */
  static CorpusProgram load(String pkg, Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Expectation> required = new ArrayList<>();
    List<Expectation> allowed = new ArrayList<>();
    boolean declaredSafe = false;
    int requiresJdk = 17;
    List<KnownIssue> known = new ArrayList<>();
    for (String line : lines) {
      if (!line.startsWith("//")) {
        break; // declarations are the leading comment lines
      }
      String text = line.substring(2).trim();
      if (text.startsWith("EXPECT-RACE-VIA:")) {
        required.add(Expectation.parse(true, after(text)));
      } else if (text.startsWith("EXPECT-RACE:")) {
        required.add(Expectation.parse(false, after(text)));
      } else if (text.startsWith("MAY-RACE:")) {
        allowed.add(Expectation.parse(false, after(text)));
      } else if (text.equals("EXPECT: no race")) {
        declaredSafe = true;
      } else if (text.startsWith("REQUIRES-JDK:")) {
        requiresJdk = Integer.parseInt(after(text));
      } else if (text.startsWith("KNOWN-ISSUE:")) {
        known.add(KnownIssue.parse(after(text)));
      }
    }
    if (required.isEmpty() && !declaredSafe) {
      return null;
    }
    if (!required.isEmpty() && declaredSafe) {
      throw new IllegalStateException(file + " declares both races and 'EXPECT: no race'");
    }
    String name = file.getFileName().toString();
    return new CorpusProgram(pkg + "." + name.substring(0, name.length() - ".java".length()), file,
        List.copyOf(required), List.copyOf(allowed), requiresJdk, List.copyOf(known));
  }

  private static String after(String text) {
    return text.substring(text.indexOf(':') + 1).trim();
  }

  @Override
  public String toString() {
    return className;
  }
}
