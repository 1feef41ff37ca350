package dev.racekit.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the JMH JSON, the ThreadSanitizer anchor's output and the footprint lines into the Markdown table of the
 * README: one row per benchmark, one column per backend (median ns per event of the measurement iterations, with
 * half their min-max range as the error), the ratios thunk/jni and java/jni, the native core driven from C, the TSan
 * anchors with thunk/TSan and core/TSan (and java/TSan for the hot read), the shadow footprint, and the issue's
 * targets checked one by one.
 *
 * <p>Usage: {@code ReportTable --jmh F --anchor F --footprint F --backends none,java,... --out F [--command C]
 * [--settings S] [--filtered true]}. Exits with 1 when a requested benchmark and backend has no result (it failed:
 * see the JMH log); with {@code --filtered true} (a benchmark filter was given), rows with no result at all are left
 * out instead.
 */
public final class ReportTable {
  static final String[] COLUMNS = {"none", "java", "jni", "thunk"};

  /** Benchmark method name, and its row label. */
  static final String[][] ROWS = {
    {"hotRead", "hot read (same thread, same word)"},
    {"firstAccess", "first access to a new word"},
    {"writeAfterRead", "write after another thread's read (slow path)"},
    {"funcEnterExit", "funcEnter+funcExit (per event)"},
    {"acquireRelease", "acquire+release (per event)"},
    {"unmapped", "unmapped address (filtered)"},
    {"mixed1", "mixed stream, 1 thread"},
    {"mixed2", "mixed stream, 2 threads (per thread)"},
  };

  /**
   * Benchmark method name, and the key of the same pattern in the output of the runtime drivers, which the script
   * prefixes with {@code rt_} (TSan's runtime) or {@code core_} (RaceKit's native core).
   */
  static final Map<String, String> PATTERN_KEY = Map.of(
      "firstAccess", "first_ns",
      "writeAfterRead", "warw_ns",
      "acquireRelease", "acqrel_ns",
      "mixed1", "mixed1_ns",
      "mixed2", "mixed2_ns");

  /** How far above 2 B/B a measured footprint may be and still count as met: the resolution of heap/RSS growth. */
  static final double FOOTPRINT_TOLERANCE = 0.01;

  /** A result cell: median and error in ns per event. */
  record Cell(double median, double error, int samples) {}

  private ReportTable() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opt = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opt.put(args[i], args[i + 1]);
    }
    List<String> requested = Arrays.asList(opt.getOrDefault("--backends", "none,java").split(","));
    Map<String, Cell> results = opt.containsKey("--jmh") ? readJmh(Path.of(opt.get("--jmh"))) : Map.of();
    Map<String, String> anchor = readKeyValues(opt.get("--anchor"));
    Map<String, Map<String, String>> footprint = readFootprint(opt.get("--footprint"));
    StringBuilder md = new StringBuilder();
    boolean filtered = Boolean.parseBoolean(opt.getOrDefault("--filtered", "false"));
    boolean complete = render(md, results, requested, filtered, anchor, footprint, opt.get("--command"),
        opt.get("--settings"));
    String text = md.toString();
    if (opt.containsKey("--out")) {
      Files.writeString(Path.of(opt.get("--out")), text, StandardCharsets.UTF_8);
    }
    System.out.print(text);
    if (!complete) {
      System.err.println("race-bench: some benchmarks have no result (FAILED in the table): see the JMH output");
      System.exit(1);
    }
  }

  /** Results keyed by {@code method/backend}. */
  static Map<String, Cell> readJmh(Path json) throws IOException {
    Map<String, Cell> out = new LinkedHashMap<>();
    JsonArray runs = JsonParser.parseString(Files.readString(json)).getAsJsonArray();
    for (JsonElement e : runs) {
      JsonObject run = e.getAsJsonObject();
      String bench = run.get("benchmark").getAsString();
      String method = bench.substring(bench.lastIndexOf('.') + 1);
      JsonObject params = run.getAsJsonObject("params");
      String backend = params != null && params.has("backend") ? params.get("backend").getAsString() : "none";
      JsonObject metric = run.getAsJsonObject("primaryMetric");
      String unit = metric.get("scoreUnit").getAsString();
      if (!unit.equals("ns/op")) {
        throw new IllegalArgumentException(bench + ": expected ns/op, got " + unit);
      }
      List<Double> raw = new ArrayList<>();
      for (JsonElement fork : metric.getAsJsonArray("rawData")) {
        for (JsonElement v : fork.getAsJsonArray()) {
          raw.add(v.getAsDouble());
        }
      }
      if (raw.isEmpty()) {
        continue;
      }
      double[] v = raw.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      out.put(method + "/" + backend, new Cell(median(v), (v[v.length - 1] - v[0]) / 2, v.length));
    }
    return out;
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static Map<String, String> readKeyValues(String file) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    if (file == null || !Files.exists(Path.of(file))) {
      return m;
    }
    for (String line : Files.readAllLines(Path.of(file))) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return m;
  }

  /** Lines {@code footprint backend=B k=v ...} (or {@code footprint-error backend=B reason...}), by backend. */
  static Map<String, Map<String, String>> readFootprint(String file) throws IOException {
    Map<String, Map<String, String>> m = new LinkedHashMap<>();
    if (file == null || !Files.exists(Path.of(file))) {
      return m;
    }
    for (String line : Files.readAllLines(Path.of(file))) {
      if (!line.startsWith("footprint")) {
        continue;
      }
      Map<String, String> kv = new LinkedHashMap<>();
      String[] parts = line.split("\\s+");
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        if (eq > 0) {
          kv.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
      }
      if (line.startsWith("footprint-error")) {
        kv.put("error", line.substring(line.indexOf(' ', line.indexOf("backend=")) + 1));
      }
      if (kv.containsKey("backend")) {
        m.put(kv.get("backend"), kv);
      }
    }
    return m;
  }

  /** Renders the report; returns false when a requested result is missing. */
  static boolean render(StringBuilder md, Map<String, Cell> results, List<String> requested, boolean filtered,
      Map<String, String> anchor, Map<String, Map<String, String>> footprint, String command, String settings) {
    boolean complete = true;
    md.append("| benchmark (ns/event) | none | java | jni | thunk | thunk/jni | java/jni | core from C | TSan runtime"
        + " | thunk/TSan | core/TSan |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String[] row : ROWS) {
      boolean ran = results.keySet().stream().anyMatch(k -> k.startsWith(row[0] + "/"));
      if (!ran && filtered) {
        continue; // not selected by the benchmark filter
      }
      md.append("| ").append(row[1]);
      for (String col : COLUMNS) {
        Cell c = results.get(row[0] + "/" + col);
        String text;
        if (c != null) {
          text = fmt(c.median()) + " ± " + fmt(c.error());
        } else if (requested.contains(col)) {
          text = "FAILED";
          complete = false;
        } else {
          text = "n/a";
        }
        md.append(" | ").append(text);
      }
      md.append(" | ").append(ratio(results, row[0], "thunk", "jni"));
      md.append(" | ").append(ratio(results, row[0], "java", "jni"));
      Double rt = runtimeAnchor(anchor, row[0]);
      Double core = coreAnchor(anchor, row[0]);
      Cell thunk = results.get(row[0] + "/thunk");
      md.append(" | ").append(core == null ? "" : fmt(core));
      md.append(" | ").append(rt == null ? "" : fmt(rt));
      md.append(" | ").append(rt == null || thunk == null ? "" : fmt(thunk.median() / rt));
      md.append(" | ").append(rt == null || core == null ? "" : fmt(core / rt));
      md.append(" |\n");
    }
    md.append('\n');
    md.append("Median of the measurement iterations, ± half their range (max−min)/2; ns per event (each detector"
        + " call is one event). n/a: backend not measured here (see the notes printed by the script).\n");
    if (settings != null && !settings.isBlank()) {
      md.append("JMH: ").append(settings).append(".\n");
    }
    md.append('\n');

    Double tsanLoad = null;
    if (anchor.containsKey("tsan_load_ns") && anchor.containsKey("plain_load_ns")) {
      double pl = Double.parseDouble(anchor.get("plain_load_ns"));
      double tl = Double.parseDouble(anchor.get("tsan_load_ns"));
      double ps = Double.parseDouble(anchor.get("plain_store_ns"));
      double ts = Double.parseDouble(anchor.get("tsan_store_ns"));
      tsanLoad = tl - pl;
      md.append(String.format(Locale.ROOT,
          "ThreadSanitizer anchor (%s, the same access loop in C, same machine, same run): 8-byte load %s ns plain,"
              + " %s ns with -fsanitize=thread: **TSan costs %s ns per load**; 8-byte store %s ns plain, %s ns with"
              + " TSan: %s ns per store.%n",
          anchor.getOrDefault("compiler", "gcc -O2"), fmt(pl), fmt(tl), fmt(tsanLoad), fmt(ps), fmt(ts),
          fmt(ts - ps)));
      Cell thunk = results.get("hotRead/thunk");
      Cell java = results.get("hotRead/java");
      Cell none = results.get("hotRead/none");
      md.append("Hot read against TSan's cost per load: ");
      md.append("thunk/TSan = ").append(thunk == null ? "n/a" : fmt(thunk.median() / tsanLoad));
      md.append(", java/TSan = ").append(java == null ? "n/a" : fmt(java.median() / tsanLoad));
      if (none != null && (thunk != null || java != null)) {
        md.append(" (net of the none baseline: ");
        md.append("thunk ").append(thunk == null ? "n/a" : fmt((thunk.median() - none.median()) / tsanLoad));
        md.append(", java ").append(java == null ? "n/a" : fmt((java.median() - none.median()) / tsanLoad));
        md.append(")");
      }
      md.append(".\n\n");
    } else {
      md.append("ThreadSanitizer anchor: not measured (")
          .append(anchor.getOrDefault("error", "no anchor output")).append(").\n\n");
    }

    if (anchor.containsKey("rt_mixed1_ns")) {
      md.append("TSan runtime column: the same event patterns (the mixed stream bit for bit, from the same seeds) fed"
          + " straight into ThreadSanitizer's runtime through its entry points (__tsan_read8/__tsan_write8/"
          + "__tsan_func_entry/__tsan_func_exit/__tsan_acquire/__tsan_release) by a C driver whose loops are not"
          + " instrumented (src/main/c/tsan_runtime.c, same run); write-after-read feeds its three threads as TSan"
          + " fibers from one OS thread. The mixed stream without its lock events costs ")
          .append(anchor.getOrDefault("rt_mixed1_nolock_ns", "n/a")).append(" ns/event there.\n\n");
    } else if (anchor.containsKey("rt_error")) {
      md.append("TSan runtime anchor: not measured (").append(anchor.get("rt_error")).append(").\n\n");
    }
    if (anchor.containsKey("core_mixed1_ns")) {
      md.append("Core from C column: the same patterns fed straight into RaceKit's native core (race-native, which"
          + " both native backends link) through its public entry points (rk_access, rk_func_enter, rk_acquire, ...)"
          + " by a C driver (src/main/c/core_runtime.c, same run), with no JVM and no binding: what a native backend"
          + " costs beyond it is roughly its call path's share (roughly: rk_access also finds the address's range,"
          + " which the thunk backend does in Java). The mixed stream without its lock events costs ")
          .append(anchor.getOrDefault("core_mixed1_nolock_ns", "n/a")).append(" ns/event there.\n\n");
    } else if (anchor.containsKey("core_error")) {
      md.append("Core anchor: not measured (").append(anchor.get("core_error")).append(").\n\n");
    }

    md.append("Shadow memory per touched application byte (8-byte writes):");
    boolean any = false;
    for (String col : COLUMNS) {
      Map<String, String> f = footprint.get(col);
      if (f == null) {
        continue;
      }
      any = true;
      if (f.containsKey("error")) {
        md.append(' ').append(col).append(" failed (").append(f.get("error")).append(");");
        continue;
      }
      long touched = Long.parseLong(f.get("touched"));
      md.append(String.format(Locale.ROOT, " %s %.3f B/B (%s of %d MiB touched", col,
          Double.parseDouble(f.get("bytes_per_byte")), fmt(Long.parseLong(f.get("shadow")) / 1048576.0) + " MiB "
              + ("heap".equals(f.get("method")) ? "heap growth" : "resident growth"), touched >> 20));
      if (f.containsKey("self_reported")) {
        md.append(String.format(Locale.ROOT, "; the backend's own count: %.3f B/B",
            Long.parseLong(f.get("self_reported")) / (double) touched));
      }
      md.append(");");
    }
    if (!any) {
      md.append(" not measured;");
    }
    md.setLength(md.length() - 1);
    md.append(".\n\n");

    md.append("Targets:\n\n");
    target(md, "thunk takes at least 40% less time than jni on the hot read", results, "hotRead", 0.6);
    target(md, "thunk takes at least 40% less time than jni on the mixed stream (1 thread)", results, "mixed1", 0.6);
    target(md, "thunk takes at least 40% less time than jni on the mixed stream (2 threads)", results, "mixed2", 0.6);
    tsanTarget(md, "thunk's hot read at most 1.5x TSan's cost per load", results.get("hotRead/thunk"), tsanLoad, 1.5);
    tsanTarget(md, "java's hot read at most 1.0x TSan's cost per load", results.get("hotRead/java"), tsanLoad, 1.0);
    runtimeTarget(md, "thunk at most 0.5x TSan's runtime on the mixed stream (1 thread)", results, anchor, "mixed1", 0.5);
    runtimeTarget(md, "thunk at most 0.5x TSan's runtime on the mixed stream (2 threads)", results, anchor, "mixed2", 0.5);
    runtimeTarget(md, "thunk at most 0.75x TSan's runtime on the first access", results, anchor, "firstAccess", 0.75);
    runtimeTarget(md, "thunk at most 0.75x TSan's runtime on write-after-read", results, anchor, "writeAfterRead", 0.75);
    runtimeTarget(md, "thunk at most 0.75x TSan's runtime on acquire+release", results, anchor, "acquireRelease", 0.75);
    absTarget(md, "an unmapped access at most 2 ns on java", results.get("unmapped/java"), 2.0);
    absTarget(md, "an unmapped access at most 2 ns on thunk", results.get("unmapped/thunk"), 2.0);
    for (String col : COLUMNS) {
      Map<String, String> f = footprint.get(col);
      if (f != null && f.containsKey("bytes_per_byte")) {
        double b = Double.parseDouble(f.get("bytes_per_byte"));
        String value = String.format(Locale.ROOT, "%.3f B/B measured", b);
        if (f.containsKey("self_reported")) {
          value += String.format(Locale.ROOT, " (the backend's own count: %.3f B/B)",
              Long.parseLong(f.get("self_reported")) / Double.parseDouble(f.get("touched")));
        }
        md.append(line(b <= 2.0 * (1 + FOOTPRINT_TOLERANCE), "shadow at most 2 bytes per touched byte on " + col,
            value));
      }
    }
    if (!footprint.isEmpty()) {
      md.append("  (judged on the measured growth, which also holds memory that is not shadow: object headers, G1"
          + " region tails, JIT and malloc metadata; up to 1% over 2 B/B counts as met)\n");
    }
    if (command != null && !command.isBlank()) {
      md.append("\nCommand: `").append(command).append("`\n");
    }
    return complete;
  }

  private static void target(StringBuilder md, String what, Map<String, Cell> r, String bench, double max) {
    Cell thunk = r.get(bench + "/thunk");
    Cell jni = r.get(bench + "/jni");
    if (thunk == null || jni == null) {
      md.append("- n/a: ").append(what).append(" (thunk or jni not measured)\n");
      return;
    }
    double q = thunk.median() / jni.median();
    md.append(line(q <= max, what, String.format(Locale.ROOT, "thunk/jni = %s (%+.0f%%)", fmt(q), (q - 1) * 100)));
  }

  static Double runtimeAnchor(Map<String, String> anchor, String bench) {
    return driverFigure(anchor, "rt_", bench);
  }

  static Double coreAnchor(Map<String, String> anchor, String bench) {
    return driverFigure(anchor, "core_", bench);
  }

  /** The figure of bench's pattern in the runtime driver whose keys start with prefix, or null. */
  private static Double driverFigure(Map<String, String> anchor, String prefix, String bench) {
    String key = PATTERN_KEY.get(bench);
    return key == null || !anchor.containsKey(prefix + key) ? null : Double.valueOf(anchor.get(prefix + key));
  }

  private static void runtimeTarget(StringBuilder md, String what, Map<String, Cell> r, Map<String, String> anchor,
      String bench, double max) {
    Cell thunk = r.get(bench + "/thunk");
    Double rt = runtimeAnchor(anchor, bench);
    if (thunk == null || rt == null) {
      md.append("- n/a: ").append(what).append(" (not measured)\n");
      return;
    }
    double q = thunk.median() / rt;
    md.append(line(q <= max, what, fmt(thunk.median()) + " ns / " + fmt(rt) + " ns = " + fmt(q)));
  }

  private static void tsanTarget(StringBuilder md, String what, Cell c, Double tsan, double max) {
    if (c == null || tsan == null) {
      md.append("- n/a: ").append(what).append(" (not measured)\n");
      return;
    }
    double q = c.median() / tsan;
    md.append(line(q <= max, what, fmt(c.median()) + " ns / " + fmt(tsan) + " ns = " + fmt(q)));
  }

  private static void absTarget(StringBuilder md, String what, Cell c, double max) {
    if (c == null) {
      md.append("- n/a: ").append(what).append(" (not measured)\n");
      return;
    }
    md.append(line(c.median() <= max, what, fmt(c.median()) + " ns"));
  }

  private static String line(boolean met, String what, String value) {
    return "- " + (met ? "met" : "**MISSED**") + ": " + what + ": " + value + "\n";
  }

  private static String ratio(Map<String, Cell> r, String bench, String num, String den) {
    Cell a = r.get(bench + "/" + num);
    Cell b = r.get(bench + "/" + den);
    if (a == null || b == null || b.median() == 0) {
      return "n/a";
    }
    return fmt(a.median() / b.median());
  }

  /** Three significant digits, at most two decimals for small values. */
  static String fmt(double v) {
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
