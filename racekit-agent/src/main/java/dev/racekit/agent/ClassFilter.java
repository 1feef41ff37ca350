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
  public enum Mode { NONE, FULL, SYNC, HOOKS, MONITORS }

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
      return monitorsOnly(internalName) ? Mode.MONITORS : Mode.NONE;
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

  /**
   * Whether the class's static initialiser is recorded: a fully instrumented class outside the JDK. The JDK's run
   * ignored, since uninstrumented JDK code reads what they built with no site of its own to acquire it.
   */
  public boolean recordsInitialiser(String internalName) {
    return mode(internalName) == Mode.FULL && !isJdk(internalName);
  }

  /** Whether calls into {@code owner} push a frame (its code is instrumented, so its accesses need the caller). */
  public boolean tracksCallsInto(String owner) {
    Mode m = mode(owner);
    return m == Mode.FULL || m == Mode.SYNC;
  }

  /**
   * The rest of the JDK uses java.util collections under its own locks (zip files, class loaders, security
   * providers) and builds them in static initialisers that the JVM orders before every use: its monitors and class
   * initialisers are instrumented so that those collections' accesses are ordered. That includes {@code javax},
   * {@code com.sun} and {@code jdk} ({@code javax.crypto} builds its provider tables so, and two threads asking for a
   * cipher at once were reported racing inside them), but not Swing, and never the classes the runtime itself stands
   * on (threads, thread locals, references, method handles, Unsafe, strings), nor the print streams' locks, which
   * would order every two threads that print. {@code FileOutputStream} is rewritten for its files' edges only: one
   * on a descriptor (standard output) makes none.
   */
  private static boolean monitorsOnly(String n) {
    if (!(n.startsWith("java/") || n.startsWith("jdk/") || n.startsWith("sun/") || n.startsWith("com/sun/")
        || (n.startsWith("javax/") && !n.startsWith("javax/swing/")))) {
      return false;
    }
    return !(n.startsWith("java/lang/Thread") || n.startsWith("java/lang/ref/") || n.startsWith("java/lang/invoke/")
        || n.startsWith("java/lang/reflect/") || n.startsWith("java/lang/String") || n.equals("java/lang/Object")
        || n.equals("java/lang/Class") || n.startsWith("java/lang/Class$") || n.startsWith("java/lang/System") || n.startsWith("java/lang/VirtualThread")
        || n.startsWith("java/lang/Runtime") || n.startsWith("java/lang/Module") || n.startsWith("java/lang/Shutdown")
        || n.startsWith("java/lang/StackTrace") || n.startsWith("java/lang/StackWalker")
        || n.startsWith("jdk/internal/misc/") || n.startsWith("jdk/internal/vm/") || n.startsWith("jdk/internal/reflect/")
        || n.startsWith("jdk/internal/invoke/") || n.startsWith("jdk/internal/foreign/")
        || n.startsWith("jdk/internal/access/") || n.startsWith("java/lang/foreign/") || n.startsWith("sun/invoke/")
        || n.startsWith("java/io/PrintStream") || n.startsWith("java/io/BufferedOutputStream")
        || n.startsWith("java/io/FileDescriptor"));
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
