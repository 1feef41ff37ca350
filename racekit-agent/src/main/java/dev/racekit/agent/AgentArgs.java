package dev.racekit.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The agent's argument string, {@code -javaagent:racekit-agent.jar=include=com.example.*,exclude=com.example.gen.*}:
 * key=value pairs separated by commas or semicolons; {@code include}/{@code exclude} take glob lists separated by
 * {@code |} or {@code :} ({@code *} any characters, {@code ?} one); {@code cache=<dir>} or {@code cache=off} sets where
 * rewritten classes are kept between runs (default: {@code $XDG_CACHE_HOME/racekit}, else {@code ~/.cache/racekit});
 * {@code blockfield=off} keeps the agent from adding its block field to the classes it loads. A bad entry is reported
 * in {@link #problems()} and skipped; the program always runs.
 */
public final class AgentArgs {
  private static final Pattern GLOB_CHARS = Pattern.compile("[A-Za-z0-9_$.*?]+");

  private final List<Pattern> includes = new ArrayList<>();
  private final List<Pattern> excludes = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private String cache;
  private boolean blockField = true;

  private AgentArgs() {}

  public static AgentArgs parse(String text) {
    AgentArgs a = new AgentArgs();
    if (text == null || text.isBlank()) {
      return a;
    }
    for (String entry : text.split("[,;]")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      int eq = e.indexOf('=');
      String key = eq < 0 ? e : e.substring(0, eq).trim();
      String value = eq < 0 ? null : e.substring(eq + 1).trim();
      switch (key) {
        case "include" -> a.globs(key, value, a.includes);
        case "exclude" -> a.globs(key, value, a.excludes);
        case "cache" -> a.cache(value);
        case "blockfield" -> a.blockField(value);
        default -> a.problems.add("unknown agent argument '" + e
            + "' (known: include=<globs>, exclude=<globs>, cache=<dir>|off, blockfield=on|off); ignored");
      }
    }
    return a;
  }

  private void globs(String key, String value, List<Pattern> into) {
    if (value == null || value.isEmpty()) {
      problems.add("agent argument '" + key + "' needs a value, for example " + key + "=com.example.*; ignored");
      return;
    }
    for (String g : value.split("[|:]")) {
      String glob = g.trim();
      if (!GLOB_CHARS.matcher(glob).matches() || glob.startsWith(".") || glob.contains("..")) {
        problems.add("malformed " + key + " pattern '" + glob
            + "' (a class name glob such as com.example.* : letters, digits, _ $ . * ?); ignored");
        continue;
      }
      into.add(toRegex(glob));
    }
  }

  private void cache(String value) {
    if (value == null || value.isEmpty()) {
      problems.add("agent argument 'cache' needs a directory or off, for example cache=/tmp/racekit; ignored");
      return;
    }
    cache = value;
  }

  private void blockField(String value) {
    if ("on".equals(value) || "off".equals(value)) {
      blockField = value.equals("on");
    } else {
      problems.add("agent argument 'blockfield' takes on or off, not '" + value + "'; ignored");
    }
  }

  /**
   * Whether the classes the agent loads get its block field, where an object keeps its address block (default on;
   * {@code blockfield=off}: every object is found through the identity table).
   */
  public boolean blockField() {
    return blockField;
  }

  static Pattern toRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        case '.', '$' -> re.append('\\').append(c);
        default -> re.append(c);
      }
    }
    return Pattern.compile(re.toString());
  }

  public List<Pattern> includes() {
    return includes;
  }

  public List<Pattern> excludes() {
    return excludes;
  }

  /**
   * The directory for rewritten classes kept between runs, or null when the cache is off: {@code cache=}, else
   * {@code $XDG_CACHE_HOME/racekit}, else {@code ~/.cache/racekit} (null when neither is known).
   */
  public Path cacheDirectory() {
    if (cache != null) {
      return cache.equals("off") ? null : Path.of(cache);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) { // the XDG rule: relative is ignored
      return Path.of(xdg, "racekit");
    }
    String home = System.getProperty("user.home");
    return home == null || home.isEmpty() || home.equals("?") ? null : Path.of(home, ".cache", "racekit");
  }

  /** The include and exclude patterns, as one string: part of what a cached rewrite depends on. */
  public String filterDescription() {
    StringBuilder b = new StringBuilder("include=");
    for (Pattern p : includes) {
      b.append(p.pattern()).append('|');
    }
    b.append(";exclude=");
    for (Pattern p : excludes) {
      b.append(p.pattern()).append('|');
    }
    return b.toString();
  }

  public List<String> problems() {
    return problems;
  }

  public ClassFilter filter() {
    return new ClassFilter(includes, excludes);
  }
}
