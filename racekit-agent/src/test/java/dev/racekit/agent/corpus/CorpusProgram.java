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
 * // EXPECT-RACE-VIA: HashMapPut.java:14 HashMapPut.java:18 | * java.util.HashMap*       (race inside a library)
 * // MAY-RACE: LazyInit.java:15 LazyInit.java:15 | static field ...                       (allowed, not required)
 * // EXPECT: no race
 * // REQUIRES-JDK: 21                                                                     (prints the skip line below)
 * </pre>
 *
 * @param className the binary name, for example {@code racecorpus.racy.Counter}
 * @param source the source file
 * @param required races that must each be reported at least once (empty: a race-free program)
 * @param allowed races that may also be reported
 * @param requiresJdk the lowest JDK feature version the program runs on; below it the program skips itself
 */
record CorpusProgram(String className, Path source, List<Expectation> required, List<Expectation> allowed,
    int requiresJdk) {

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
        List.copyOf(required), List.copyOf(allowed), requiresJdk);
  }

  private static String after(String text) {
    return text.substring(text.indexOf(':') + 1).trim();
  }

  @Override
  public String toString() {
    return className;
  }
}
