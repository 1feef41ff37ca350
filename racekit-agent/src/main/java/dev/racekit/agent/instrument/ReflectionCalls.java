package dev.racekit.agent.instrument;

import java.util.Set;

/**
 * Calls that read class metadata through reflection ({@code Class.getAnnotation}, {@code Method.getParameterTypes},
 * ...). The JDK builds that metadata lazily in {@code java.util} collections, which are instrumented, and publishes
 * it through a compare-and-swap or a volatile field of {@code java.lang.Class} and {@code java.lang.reflect}, which are
 * not. Two threads reflecting on one class for the first time (a parallel JUnit run does) would be reported racing
 * inside those collections. An instrumented call site of one of these methods runs the call with the thread's
 * accesses ignored, as TSan ignores accesses made inside a library it cannot see the synchronisation of.
 * {@code Enum.valueOf} is one too (the enum's name-to-constant map). Calls that run application code
 * ({@code Method.invoke}, {@code Constructor.newInstance}, {@code Class.forName}, ...) are not among them: only
 * getters and predicates of the metadata types.
 */
final class ReflectionCalls {
  private ReflectionCalls() {}

  /** {@code Class} queries the JIT answers from the class itself (most are intrinsics): no metadata is built. */
  private static final Set<String> CHEAP_CLASS_QUERIES = Set.of("isInstance", "isAssignableFrom", "isArray",
      "isPrimitive", "isInterface", "isHidden", "getComponentType", "getModifiers", "getName", "getSuperclass",
      "getClassLoader");

  /** Whether a call of {@code owner.name} reads reflection metadata (and so runs with accesses ignored). */
  static boolean readsMetadata(String owner, String name) {
    if (owner.equals("java/lang/Enum") && name.equals("valueOf")) {
      return true; // builds the class's name-to-constant HashMap, published through a volatile field of Class
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
