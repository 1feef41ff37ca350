package dev.racekit.agent.instrument;

import java.util.List;
import java.util.Set;

/**
 * Calls into JDK code that builds {@code java.util} collections and publishes them with synchronisation the agent does
 * not see; an instrumented call site of one of them runs the call with the thread's accesses ignored, as TSan ignores
 * accesses made inside a library it cannot see the synchronisation of.
 *
 * <p>Reflection: calls that read class metadata ({@code Class.getAnnotation}, {@code Method.getParameterTypes},
 * ...). The JDK builds that metadata lazily in {@code java.util} collections, which are instrumented, and publishes
 * it through a compare-and-swap or a volatile field of {@code java.lang.Class} and {@code java.lang.reflect}, which are
 * not. Two threads reflecting on one class for the first time (a parallel JUnit run does) would be reported racing
 * inside those collections. {@code Enum.valueOf} is one too (the enum's name-to-constant map). Calls that run
 * application code ({@code Method.invoke}, {@code Constructor.newInstance}, {@code Class.forName}, ...) are not among
 * them: only getters and predicates of the metadata types.
 *
 * <p>Locale data: the providers behind {@code NumberFormat}, {@code DecimalFormatSymbols}, {@code Currency},
 * {@code DateFormatSymbols} and the like ({@code sun.util.locale}, {@code sun.util.resources}, {@code sun.text},
 * {@code sun.util.cldr}) cache their bundles' lookup maps and locale sets in plain and volatile fields of their own
 * classes, which are not instrumented: formatting on two threads was reported racing inside those maps. Their methods
 * are also rewritten to run ignored themselves (monitors mode), for callers that are not instrumented: {@code
 * java.time} formatting a zone name (every HTTP date header of the JDK's HTTP server) reached them directly.
 *
 * <p>Lazy sets: up to JDK 21 {@code Charset.aliases()} builds a {@code HashSet} on first use and publishes it through
 * a plain field of {@code Charset}, which is not instrumented; a thread that iterates the set another thread built was
 * reported racing inside it (plexus-archiver does, in Maven's parallel builds). JDK 25 returns {@code Set.of(...)}.
 */
final class IgnoredCalls {
  private IgnoredCalls() {}

  /** Packages of the JDK's locale data providers (whole packages: nothing in them runs application code). */
  private static final List<String> LOCALE_DATA = List.of("sun/util/locale/", "sun/util/resources/", "sun/text/",
      "sun/util/cldr/");
  /**
   * The JDK's annotation parser and generic-signature reifier: they build the {@code LinkedHashMap}s and type trees
   * that {@code java.lang.reflect} publishes through its volatile fields, also when the JDK itself asks (the first
   * {@code Method.invoke} of a method checks its annotations): two threads invoking one method reflectively for the
   * first time were reported racing inside the annotation map (Gson's reflective {@code allocateInstance} call).
   */
  private static final List<String> REFLECTION_DATA = List.of("sun/reflect/annotation/", "sun/reflect/generics/");

  /** {@code Class} queries the JIT answers from the class itself (most are intrinsics): no metadata is built. */
  private static final Set<String> CHEAP_CLASS_QUERIES = Set.of("isInstance", "isAssignableFrom", "isArray",
      "isPrimitive", "isInterface", "isHidden", "getComponentType", "getModifiers", "getName", "getSuperclass",
      "getClassLoader");

  /**
   * JDK methods whose own accesses are ignored: deliberate benign races. {@code DecimalFormatSymbols.initializeCurrency}
   * stores the currency symbol into the locale data's shared cache array, unordered, on every thread that formats a
   * currency ("cache the symbol"; every thread stores the same strings). {@code BreakIterator.getBreakInstance}
   * caches the last iterator of each kind in a plain static array of soft references, read and replaced unordered by
   * every thread that asks for one (a race the JDK accepts: it hands each caller a clone of the cached iterator).
   */
  private static final Set<String> BENIGN_METHODS = Set.of("java/text/DecimalFormatSymbols.initializeCurrency",
      "java/text/BreakIterator.getBreakInstance");

  /** Whether the accesses of {@code owner.method}'s own body are ignored (a known benign race of the JDK). */
  static boolean ignoredBody(String owner, String method) {
    return BENIGN_METHODS.contains(owner + "." + method);
  }

  /**
   * Whether every method of class {@code owner} runs with accesses ignored, whoever calls it: the locale data
   * providers and the reflection data builders, which the JDK's own uninstrumented code ({@code java.time}'s zone
   * names, {@code Method.invoke}) calls too.
   */
  static boolean ignoredClass(String owner) {
    for (List<String> packages : List.of(LOCALE_DATA, REFLECTION_DATA)) {
      for (String p : packages) {
        if (owner.startsWith(p)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a call of {@code owner.name} runs with accesses ignored. */
  static boolean ignored(String owner, String name) {
    if (ignoredClass(owner)) {
      return true;
    }
    if (owner.equals("java/lang/Enum") && name.equals("valueOf")) {
      return true; // builds the class's name-to-constant HashMap, published through a volatile field of Class
    }
    if (owner.equals("java/nio/charset/Charset") && name.equals("aliases")) {
      return true; // a HashSet built lazily and published through a plain field (JDK 17)
    }
    boolean metadataType = owner.equals("java/lang/Class") || owner.equals("java/lang/Package")
        || owner.equals("java/lang/Module") || owner.equals("java/lang/RecordComponent")
        || (owner.startsWith("java/lang/reflect/") && !owner.equals("java/lang/reflect/Proxy")
            && !owner.equals("java/lang/reflect/InvocationHandler"));
    if (!metadataType) {
      return false;
    }
    if (owner.equals("java/lang/Class") && (name.equals("getEnumConstants") || CHEAP_CLASS_QUERIES.contains(name))) {
      return false; // values() is application code; the others build nothing and may sit on hot paths
    }
    return (name.startsWith("get") && name.length() > 3) || (name.startsWith("is") && name.length() > 2);
  }
}
