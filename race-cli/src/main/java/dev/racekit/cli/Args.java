package dev.racekit.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The arguments after the command: flags ({@code --x}, {@code --x value}, {@code --x=value}) and positionals. */
final class Args {
  final String command;
  final List<String> positional = new ArrayList<>();
  private final Map<String, String> values = new HashMap<>();

  /**
   * @param flags the flags without a value
   * @param options the flags that take a value
   */
  Args(String command, String[] args, int from, Set<String> flags, Set<String> options) throws UsageException {
    this.command = command;
    boolean onlyPositional = false;
    for (int i = from; i < args.length; i++) {
      String a = args[i];
      if (onlyPositional || !a.startsWith("--") || a.equals("-")) {
        if (!onlyPositional && a.startsWith("-") && !a.equals("-")) {
          throw new UsageException("racekit " + command + ": unknown option '" + a + "' (see racekit help)");
        }
        positional.add(a);
        continue;
      }
      if (a.equals("--")) {
        onlyPositional = true;
        continue;
      }
      int eq = a.indexOf('=');
      String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
      if (flags.contains(name)) {
        if (eq >= 0) {
          throw new UsageException("racekit " + command + ": --" + name + " takes no value");
        }
        values.put(name, "");
      } else if (options.contains(name)) {
        String v;
        if (eq >= 0) {
          v = a.substring(eq + 1);
        } else if (i + 1 < args.length) {
          v = args[++i];
        } else {
          throw new UsageException("racekit " + command + ": --" + name + " needs a value");
        }
        values.put(name, v);
      } else {
        throw new UsageException("racekit " + command + ": unknown option '--" + name + "' (see racekit help)");
      }
    }
  }

  boolean has(String flag) {
    return values.containsKey(flag);
  }

  String get(String option) {
    return values.get(option);
  }

  long getLong(String option, long dflt, long min, long max) throws UsageException {
    String v = values.get(option);
    if (v == null) {
      return dflt;
    }
    long n;
    try {
      n = Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      // allow 1e7 style
      try {
        double d = Double.parseDouble(v);
        n = (long) d;
        if (n != d) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e2) {
        throw new UsageException("racekit " + command + ": --" + option + " " + v + " is not a whole number");
      }
    }
    if (n < min || n > max) {
      throw new UsageException("racekit " + command + ": --" + option + " " + v + " is outside " + min + ".." + max);
    }
    return n;
  }

  /** Exactly {@code n} positional arguments, named in the message when they are not. */
  void expectPositional(int n, String what) throws UsageException {
    if (positional.size() != n) {
      throw new UsageException("racekit " + command + ": expected " + what + " (see racekit help)");
    }
  }
}
