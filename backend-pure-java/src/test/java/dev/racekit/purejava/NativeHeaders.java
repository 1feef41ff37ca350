package dev.racekit.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object-like {@code #define}s of the native core's headers (race-native/include/racekit.h and
 * race-native/src/rk_internal.h), read from the source tree and evaluated, so that tests compare the Java constants
 * with the C ones instead of with copies. Understands what those headers use: integer literals (decimal, hex, with
 * u/l suffixes), other macros, parentheses, unary - and ~, and binary *, +, -, shifts and |.
 */
final class NativeHeaders {
  static final String PUBLIC_HEADER = "race-native/include/racekit.h";
  static final String INTERNAL_HEADER = "race-native/src/rk_internal.h";

  private static final Pattern DEFINE = Pattern.compile("^\\s*#\\s*define\\s+([A-Za-z_]\\w*)(?!\\()\\s*(.*)$");
  private static final Pattern TOKEN =
      Pattern.compile("\\s*(0[xX][0-9a-fA-F]+|\\d+)[uUlL]*|\\s*([A-Za-z_]\\w*)|\\s*(<<|>>|[-+*|~()])");

  private final Map<String, String> text = new HashMap<>();
  private final Map<String, String> where = new HashMap<>();

  private NativeHeaders() {}

  /** Both headers of the native core, found from the module directory up. */
  static NativeHeaders load() {
    Path root = repositoryRoot();
    NativeHeaders h = new NativeHeaders();
    h.read(root, PUBLIC_HEADER);
    h.read(root, INTERNAL_HEADER);
    return h;
  }

  private static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(INTERNAL_HEADER))) {
        return p;
      }
    }
    fail("cannot find " + INTERNAL_HEADER + " in " + Path.of("").toAbsolutePath() + " or a directory above it;"
        + " the Java constants are checked against the native core's headers in the same source tree");
    throw new AssertionError("unreachable");
  }

  private void read(Path root, String header) {
    String source;
    try {
      source = Files.readString(root.resolve(header));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + header, e);
    }
    source = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", "");
    for (String line : source.split("\n")) {
      Matcher m = DEFINE.matcher(line);
      if (m.matches() && !m.group(2).isBlank()) {
        text.put(m.group(1), m.group(2).trim());
        where.put(m.group(1), header);
      }
    }
  }

  /** The value of macro {@code name}; fails, naming the Java constant it is compared with, when it is missing. */
  long value(String name, String javaName) {
    if (!text.containsKey(name)) {
      fail("the native headers (" + PUBLIC_HEADER + ", " + INTERNAL_HEADER + ") define no " + name
          + ", which " + javaName + " must equal: was it renamed or removed?");
    }
    return evaluate(name, 0);
  }

  /** Asserts that Java constant {@code javaName} ({@code javaValue}) equals the native core's macro {@code cName}. */
  void assertSame(String cName, String javaName, long javaValue) {
    assertEquals(value(cName, javaName), javaValue, javaName + " differs from the native core's " + cName);
  }

  private long evaluate(String name, int depth) {
    if (depth > 16) {
      throw new IllegalStateException("macro " + name + " refers to itself");
    }
    String expr = text.get(name);
    if (expr == null) {
      throw new IllegalStateException("macro " + name + " is not defined in the native headers");
    }
    Parser p = new Parser(expr, depth);
    long v = p.or();
    if (!p.atEnd()) {
      throw new IllegalStateException(
          name + " (" + where.get(name) + "): cannot evaluate '" + expr + "' past position " + p.pos);
    }
    return v;
  }

  /** Recursive descent over C's precedence: | below shifts below + - below * below unary. */
  private final class Parser {
    private final String s;
    private final int depth;
    private int pos;
    private String token;
    private int tokenEnd;

    Parser(String s, int depth) {
      this.s = s;
      this.depth = depth;
    }

    boolean atEnd() {
      return s.substring(pos).isBlank();
    }

    private String peek() {
      Matcher m = TOKEN.matcher(s).region(pos, s.length());
      if (!m.lookingAt()) {
        token = null;
        return null;
      }
      tokenEnd = m.end();
      token = m.group(1) != null ? "#" + m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      return token;
    }

    private void take() {
      pos = tokenEnd;
    }

    long or() {
      long v = shift();
      while ("|".equals(peek())) {
        take();
        v |= shift();
      }
      return v;
    }

    long shift() {
      long v = add();
      for (String t = peek(); "<<".equals(t) || ">>".equals(t); t = peek()) {
        take();
        long n = add();
        v = t.equals("<<") ? v << n : v >>> n;
      }
      return v;
    }

    long add() {
      long v = mul();
      for (String t = peek(); "+".equals(t) || "-".equals(t); t = peek()) {
        take();
        long n = mul();
        v = t.equals("+") ? v + n : v - n;
      }
      return v;
    }

    long mul() {
      long v = unary();
      while ("*".equals(peek())) {
        take();
        v *= unary();
      }
      return v;
    }

    long unary() {
      String t = peek();
      if ("-".equals(t)) {
        take();
        return -unary();
      }
      if ("~".equals(t)) {
        take();
        return ~unary();
      }
      return primary();
    }

    long primary() {
      String t = peek();
      if (t == null) {
        throw new IllegalStateException("unexpected end or character in '" + s + "' at " + pos);
      }
      take();
      if (t.equals("(")) {
        long v = or();
        if (!")".equals(peek())) {
          throw new IllegalStateException("missing ) in '" + s + "'");
        }
        take();
        return v;
      }
      if (t.startsWith("#")) {
        String digits = t.substring(1);
        return digits.startsWith("0x") || digits.startsWith("0X")
            ? Long.parseUnsignedLong(digits.substring(2), 16)
            : Long.parseUnsignedLong(digits);
      }
      if (Character.isLetter(t.charAt(0)) || t.charAt(0) == '_') {
        return evaluate(t, depth + 1);
      }
      throw new IllegalStateException("unexpected '" + t + "' in '" + s + "'");
    }
  }
}
