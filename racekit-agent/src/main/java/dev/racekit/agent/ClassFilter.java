package dev.racekit.agent;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides how a class is instrumented, by its internal name. Application classes: fully (unless {@code include=}
 * does not match or {@code exclude=} does); {@code java.util} and {@code java.text}: fully, so races inside
 * collections are found; {@code java.util.concurrent.**}: synchronisation only (volatile fields, VarHandle, Unsafe,
 * monitors), never their deliberate plain races; {@code Thread}/{@code VirtualThread}/{@code Runtime}: the thread and
 * exit hooks; everything else in the JDK, RaceKit and the agent: not at all.
 */
public final class ClassFilter {
  /** How a class is instrumented. */
  public enum Mode { NONE, FULL, SYNC, HOOKS }

  private final List<Pattern> includes;
  private final List<Pattern> excludes;

  public ClassFilter(List<Pattern> includes, List<Pattern> excludes) {
    this.includes = List.copyOf(includes);
    this.excludes = List.copyOf(excludes);
  }

  public Mode mode(String internalName) {
    if (internalName == null || internalName.startsWith("dev/racekit/") || internalName.contains("$$Lambda")
        || internalName.contains("/0x") || internalName.equals("module-info")) {
      return Mode.NONE;
    }
    if (internalName.equals("java/lang/Thread") || internalName.equals("java/lang/VirtualThread")
        || internalName.equals("java/lang/Runtime")) {
      return Mode.HOOKS;
    }
    if (internalName.equals("java/lang/ApplicationShutdownHooks")) {
      return Mode.SYNC; // its lock orders the hooks' registration before the thread that runs them
    }
    String dotted = internalName.replace('/', '.');
    for (Pattern p : excludes) {
      if (p.matcher(dotted).matches()) {
        return Mode.NONE;
      }
    }
    if (internalName.startsWith("java/util/concurrent/")) {
      return Mode.SYNC;
    }
    if (isPackage(internalName, "java/util/") || isPackage(internalName, "java/text/")) {
      return Mode.FULL;
    }
    if (isJdk(internalName)) {
      return Mode.NONE;
    }
    if (includes.isEmpty()) {
      return Mode.FULL;
    }
    for (Pattern p : includes) {
      if (p.matcher(dotted).matches()) {
        return Mode.FULL;
      }
    }
    return Mode.NONE;
  }

  /** Whether calls into {@code owner} push a frame (its code is instrumented, so its accesses need the caller). */
  public boolean tracksCallsInto(String owner) {
    Mode m = mode(owner);
    return m == Mode.FULL || m == Mode.SYNC;
  }

  private static boolean isPackage(String name, String pkg) {
    return name.startsWith(pkg) && name.indexOf('/', pkg.length()) < 0;
  }

  private static boolean isJdk(String n) {
    return n.startsWith("java/") || n.startsWith("javax/") || n.startsWith("jdk/") || n.startsWith("sun/")
        || n.startsWith("com/sun/") || n.startsWith("org/ietf/jgss/") || n.startsWith("org/w3c/dom/")
        || n.startsWith("org/xml/sax/") || n.startsWith("netscape/javascript/");
  }
}
