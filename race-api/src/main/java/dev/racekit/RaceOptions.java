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
 *   <tr><td>suppressions</td><td>(empty)</td><td>a file of {@code race:<pattern>} lines, as ThreadSanitizer reads them: a race that a pattern matches (a frame of either stack, or its location) is not reported, and the count of those is printed at the end</td></tr>
 * </table>
 */
public final class RaceOptions {
  private final String logPath;
  private final int exitCode;
  private final boolean haltOnError;
  private final int historySize;
  private final String stripPathPrefix;
  private final boolean suppressEqualStacks;
  private final String suppressions;

  private RaceOptions(Builder b) {
    this.logPath = b.logPath;
    this.exitCode = b.exitCode;
    this.haltOnError = b.haltOnError;
    this.historySize = b.historySize;
    this.stripPathPrefix = b.stripPathPrefix;
    this.suppressEqualStacks = b.suppressEqualStacks;
    this.suppressions = b.suppressions;
  }

  /**
   * The defaults.
   *
   * @return the options with every key at its default (see the table above)
   */
  public static RaceOptions defaults() {
    return builder().build();
  }

  /**
   * Starts from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses {@code key=value} pairs separated by whitespace, starting from the defaults.
   *
   * @param text the pairs, for example {@code "history_size=3 log_path=none"}; null or blank gives the defaults
   * @return the options
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

  /**
   * Where reports are written.
   *
   * @return {@code stderr}, {@code stdout}, {@code none}, a device or pipe, or a path that gets {@code .<pid>}
   *     appended
   */
  public String logPath() {
    return logPath;
  }

  /**
   * The exit status for {@code halt_on_error} and for the command-line tool when it found races.
   *
   * @return 0..255
   */
  public int exitCode() {
    return exitCode;
  }

  /**
   * Whether the first report ends the process with {@link #exitCode()}.
   *
   * @return true for {@code halt_on_error=1}
   */
  public boolean haltOnError() {
    return haltOnError;
  }

  /**
   * The per-thread history ring size: each step doubles the ring, so older stacks can be restored.
   *
   * @return 0..7
   */
  public int historySize() {
    return historySize;
  }

  /**
   * The prefix removed from the start of file names in reports.
   *
   * @return the prefix; empty removes nothing
   */
  public String stripPathPrefix() {
    return stripPathPrefix;
  }

  /**
   * Whether a race between the same pair of access pcs is reported only once.
   *
   * @return true for {@code suppress_equal_stacks=1}
   */
  public boolean suppressEqualStacks() {
    return suppressEqualStacks;
  }

  /**
   * The suppressions file.
   *
   * @return its path; empty for none
   */
  public String suppressions() {
    return suppressions;
  }

  /**
   * The options as {@code key=value} pairs, in a form {@link #parse(String)} reads back.
   *
   * @return every key with its value, in the order of the table above
   */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("log_path", logPath);
    m.put("exitcode", Integer.toString(exitCode));
    m.put("halt_on_error", haltOnError ? "1" : "0");
    m.put("history_size", Integer.toString(historySize));
    m.put("strip_path_prefix", stripPathPrefix);
    m.put("suppress_equal_stacks", suppressEqualStacks ? "1" : "0");
    m.put("suppressions", suppressions);
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
    private String suppressions = "";

    private Builder() {}

    /**
     * Sets an option by its key, as in the option string.
     *
     * @param key one of the keys in the table above
     * @param value the value as it would appear in the option string
     * @return this builder
     * @throws NullPointerException if {@code key} or {@code value} is null
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
        case "suppressions" -> suppressions(value);
        default -> throw new IllegalArgumentException(
            "racekit options: unknown key '" + key + "' (known: log_path, exitcode, halt_on_error, history_size,"
                + " strip_path_prefix, suppress_equal_stacks, suppressions)");
      }
      return this;
    }

    /**
     * Sets {@code log_path}.
     *
     * @param path {@code stderr}, {@code stdout}, {@code none}, a device or pipe, or a path that gets {@code .<pid>}
     *     appended
     * @return this builder
     * @throws IllegalArgumentException if {@code path} is empty or holds a comma or whitespace
     */
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

    /**
     * Sets {@code exitcode}.
     *
     * @param code the exit status, 0..255
     * @return this builder
     * @throws IllegalArgumentException if {@code code} is outside 0..255
     */
    public Builder exitCode(int code) {
      this.exitCode = checkRange("exitcode", code, 0, 255);
      return this;
    }

    /**
     * Sets {@code halt_on_error}.
     *
     * @param halt true to end the process at the first report
     * @return this builder
     */
    public Builder haltOnError(boolean halt) {
      this.haltOnError = halt;
      return this;
    }

    /**
     * Sets {@code history_size}.
     *
     * @param size 0..7; each step doubles the per-thread history ring
     * @return this builder
     * @throws IllegalArgumentException if {@code size} is outside 0..7
     */
    public Builder historySize(int size) {
      this.historySize = checkRange("history_size", size, 0, 7);
      return this;
    }

    /**
     * Sets {@code strip_path_prefix}.
     *
     * @param prefix removed from the start of file names in reports; empty removes nothing
     * @return this builder
     * @throws IllegalArgumentException if {@code prefix} holds whitespace
     */
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

    /**
     * Sets {@code suppress_equal_stacks}.
     *
     * @param suppress true to report a race between the same pair of access pcs once
     * @return this builder
     */
    public Builder suppressEqualStacks(boolean suppress) {
      this.suppressEqualStacks = suppress;
      return this;
    }

    /**
     * Sets {@code suppressions}.
     *
     * @param path a file of {@code race:<pattern>} lines, read when the detector opens; empty for none
     * @return this builder
     * @throws IllegalArgumentException if {@code path} holds whitespace
     */
    public Builder suppressions(String path) {
      this.suppressions = noWhitespace("suppressions", Objects.requireNonNull(path, "path"));
      return this;
    }

    /**
     * Builds the options; the values were checked when set.
     *
     * @return the options
     */
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
