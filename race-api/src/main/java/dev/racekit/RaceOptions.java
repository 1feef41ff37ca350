package dev.racekit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Detector options, in the manner of {@code GORACE} and {@code TSAN_OPTIONS}: a string of whitespace-separated
 * {@code key=value} pairs, or a {@link Builder}. Unknown keys and bad values are rejected with an
 * {@link IllegalArgumentException} that names them.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>log_path</td><td>stderr</td><td>where reports go: {@code stderr}, {@code stdout}, {@code none} (nowhere; listeners still hear them), a device or pipe (written as is, e.g. {@code /dev/null}), or a path that gets {@code .<pid>} appended</td></tr>
 *   <tr><td>exitcode</td><td>66</td><td>the exit status used by {@code halt_on_error} and the command-line tool when races were found</td></tr>
 *   <tr><td>halt_on_error</td><td>0</td><td>1: the first report ends the process with {@code exitcode}</td></tr>
 *   <tr><td>history_size</td><td>1</td><td>0..7: per-thread history ring size; each step doubles it (more restorable stacks, more memory)</td></tr>
 *   <tr><td>strip_path_prefix</td><td>(empty)</td><td>removed from the start of file names in reports</td></tr>
 *   <tr><td>suppress_equal_stacks</td><td>1</td><td>1: a race between the same pair of access pcs is reported once</td></tr>
 * </table>
 */
public final class RaceOptions {
  private final String logPath;
  private final int exitCode;
  private final boolean haltOnError;
  private final int historySize;
  private final String stripPathPrefix;
  private final boolean suppressEqualStacks;

  private RaceOptions(Builder b) {
    this.logPath = b.logPath;
    this.exitCode = b.exitCode;
    this.haltOnError = b.haltOnError;
    this.historySize = b.historySize;
    this.stripPathPrefix = b.stripPathPrefix;
    this.suppressEqualStacks = b.suppressEqualStacks;
  }

  /** The defaults. */
  public static RaceOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses {@code key=value} pairs separated by whitespace, starting from the defaults.
   *
   * @throws IllegalArgumentException naming the first unknown key, malformed pair or bad value
   */
  public static RaceOptions parse(String text) {
    Builder b = builder();
    if (text == null) {
      return b.build();
    }
    for (String pair : text.trim().split("\\s+")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("racekit options: '" + pair + "' is not key=value");
      }
      b.set(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return b.build();
  }

  public String logPath() {
    return logPath;
  }

  public int exitCode() {
    return exitCode;
  }

  public boolean haltOnError() {
    return haltOnError;
  }

  public int historySize() {
    return historySize;
  }

  public String stripPathPrefix() {
    return stripPathPrefix;
  }

  public boolean suppressEqualStacks() {
    return suppressEqualStacks;
  }

  /** The options as {@code key=value} pairs, in a form {@link #parse(String)} reads back. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("log_path", logPath);
    m.put("exitcode", Integer.toString(exitCode));
    m.put("halt_on_error", haltOnError ? "1" : "0");
    m.put("history_size", Integer.toString(historySize));
    m.put("strip_path_prefix", stripPathPrefix);
    m.put("suppress_equal_stacks", suppressEqualStacks ? "1" : "0");
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RaceOptions r && asMap().equals(r.asMap());
  }

  @Override
  public int hashCode() {
    return asMap().hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    asMap().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return sb.toString();
  }

  /** Builds {@link RaceOptions}; every setter validates at once. */
  public static final class Builder {
    private String logPath = "stderr";
    private int exitCode = 66;
    private boolean haltOnError;
    private int historySize = 1;
    private String stripPathPrefix = "";
    private boolean suppressEqualStacks = true;

    private Builder() {}

    /**
     * Sets an option by its key, as in the option string.
     *
     * @throws IllegalArgumentException for an unknown key or a bad value
     */
    public Builder set(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      switch (key) {
        case "log_path" -> logPath(value);
        case "exitcode" -> exitCode(parseInt(key, value, 0, 255));
        case "halt_on_error" -> haltOnError(parseInt(key, value, 0, 1) == 1);
        case "history_size" -> historySize(parseInt(key, value, 0, 7));
        case "strip_path_prefix" -> stripPathPrefix(value);
        case "suppress_equal_stacks" -> suppressEqualStacks(parseInt(key, value, 0, 1) == 1);
        default -> throw new IllegalArgumentException(
            "racekit options: unknown key '" + key + "' (known: log_path, exitcode, halt_on_error, history_size,"
                + " strip_path_prefix, suppress_equal_stacks)");
      }
      return this;
    }

    public Builder logPath(String path) {
      if (Objects.requireNonNull(path, "path").isEmpty()) {
        throw new IllegalArgumentException("racekit options: log_path must not be empty");
      }
      if (path.indexOf(',') >= 0) {
        // "log_path=a,exitcode=3": pairs separated by commas, as some tools' option strings are
        throw new IllegalArgumentException("racekit options: log_path='" + path + "' contains ',': pairs are"
            + " separated by whitespace, and a report file's name has no comma");
      }
      this.logPath = noWhitespace("log_path", path);
      return this;
    }

    public Builder exitCode(int code) {
      this.exitCode = checkRange("exitcode", code, 0, 255);
      return this;
    }

    public Builder haltOnError(boolean halt) {
      this.haltOnError = halt;
      return this;
    }

    public Builder historySize(int size) {
      this.historySize = checkRange("history_size", size, 0, 7);
      return this;
    }

    public Builder stripPathPrefix(String prefix) {
      this.stripPathPrefix = noWhitespace("strip_path_prefix", Objects.requireNonNull(prefix, "prefix"));
      return this;
    }

    /** Option strings separate pairs with whitespace, so a value that holds some could not be written back. */
    private static String noWhitespace(String key, String value) {
      if (value.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("racekit options: " + key + "='" + value + "' contains whitespace");
      }
      return value;
    }

    public Builder suppressEqualStacks(boolean suppress) {
      this.suppressEqualStacks = suppress;
      return this;
    }

    public RaceOptions build() {
      return new RaceOptions(this);
    }

    private static int parseInt(String key, String value, int min, int max) {
      int v;
      try {
        v = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "racekit options: " + key + "=" + value + " is not a number in " + min + ".." + max);
      }
      return checkRange(key, v, min, max);
    }

    private static int checkRange(String key, int v, int min, int max) {
      if (v < min || v > max) {
        throw new IllegalArgumentException("racekit options: " + key + "=" + v + " is outside " + min + ".." + max);
      }
      return v;
    }
  }
}
