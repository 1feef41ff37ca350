package dev.racekit.core;

import dev.racekit.spi.Availability;
import dev.racekit.spi.RaceBackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses a backend among the providers on the class path: the one named by {@code racekit.backend}, or the
 * available one with the highest priority. Explains every choice, as SLF4J's provider discovery does.
 *
 * <p>Probing is lazy: a provider's {@link RaceBackendProvider#availability()} may load a native library (and, on
 * JDK 24+, make the JVM print its restricted-method warning), so only the providers the choice depends on are asked:
 * the requested one, or those down the priority order until one can run. The others are named with their priority,
 * not probed.
 */
final class BackendSelector {
  private static final Logger LOG = LoggerFactory.getLogger(BackendSelector.class);

  /** The outcome: the provider and a one-line explanation for the log. */
  record Choice(RaceBackendProvider provider, String explanation) {}

  private BackendSelector() {}

  /**
   * The providers on the class path, highest priority first. A provider that cannot even be loaded (for example one
   * compiled for a newer JDK) is skipped and logged, so it cannot break discovery of the others.
   */
  static List<RaceBackendProvider> discover(ClassLoader loader) {
    List<RaceBackendProvider> found = new ArrayList<>();
    Iterator<RaceBackendProvider> it = ServiceLoader.load(RaceBackendProvider.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError | LinkageError e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String newerJava = needsNewerJava(cause);
        if (newerJava != null) {
          // Expected where an older JVM runs a jar that also carries newer backends (the thunk backend on Java 17).
          LOG.debug("racekit: backend provider {} is skipped: {}", className(cause), newerJava);
        } else {
          LOG.warn("racekit: a backend provider could not be loaded and is skipped: {}", cause.toString());
        }
      }
    }
    found.sort(Comparator.comparingInt(RaceBackendProvider::priority).reversed()
        .thenComparing(RaceBackendProvider::name));
    return found;
  }

  /** "needs Java N or later" for a class compiled for a newer Java, or null for any other loading error. */
  static String needsNewerJava(Throwable t) {
    if (!(t instanceof UnsupportedClassVersionError) || t.getMessage() == null) {
      return null;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("class file version (\\d+)").matcher(t.getMessage());
    return m.find() ? "needs Java " + (Integer.parseInt(m.group(1)) - 44) + " or later (this is "
        + Runtime.version().feature() + ")" : "needs a newer Java (" + t.getMessage() + ")";
  }

  private static String className(Throwable t) {
    String msg = String.valueOf(t.getMessage());
    int space = msg.indexOf(' ');
    return (space > 0 ? msg.substring(0, space) : msg).replace('/', '.');
  }

  /**
   * @param requested the backend name asked for, or null/empty for automatic selection
   * @throws IllegalStateException when no provider is found, the requested one is unknown or cannot run here
   */
  static Choice choose(List<RaceBackendProvider> providers, String requested) {
    if (providers.isEmpty()) {
      throw new IllegalStateException(
          "racekit: no backend found on the class path; add backend-pure-java (dev.racekit:backend-pure-java)"
              + " or a native backend");
    }
    if (requested != null && !requested.isBlank()) {
      String name = requested.trim();
      RaceBackendProvider p = providers.stream().filter(x -> x.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalStateException("racekit: backend '" + name
              + "' (racekit.backend) is not on the class path; found: " + names(providers)
              + "; can run here: " + runnable(providers)));
      Availability a = p.availability();
      if (!a.available()) {
        throw new IllegalStateException("racekit: backend '" + name + "' (racekit.backend) cannot run here: "
            + a.reason() + "; backends that can run here: " + runnable(providers));
      }
      return new Choice(p, "racekit: using backend '" + name + "' (chosen by racekit.backend)");
    }
    for (RaceBackendProvider p : providers) {
      if (p.availability().available()) {
        return new Choice(p, "racekit: using backend '" + p.name() + "' (highest priority that can run here)"
            + others(providers, p));
      }
    }
    throw new IllegalStateException("racekit: no backend can run here: " + reasons(providers, null));
  }

  private static String others(List<RaceBackendProvider> providers, RaceBackendProvider chosen) {
    int at = providers.indexOf(chosen);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < providers.size(); i++) {
      RaceBackendProvider p = providers.get(i);
      if (i < at) {
        parts.add(p.name() + " (" + p.availability().reason() + ")"); // probed already: it comes first and cannot run
      } else if (i > at) {
        parts.add(p.name() + (p.priority() < chosen.priority()
            ? " (lower priority " + p.priority() + " than " + chosen.priority() + ")"
            : " (same priority " + p.priority() + ", after '" + chosen.name() + "' by name)"));
      }
    }
    String r = String.join(", ", parts);
    return r.isEmpty() ? "" : "; not chosen: " + r;
  }

  private static String reasons(List<RaceBackendProvider> providers, RaceBackendProvider chosen) {
    return providers.stream()
        .filter(p -> p != chosen)
        .map(p -> {
          Availability a = p.availability();
          String why;
          if (!a.available()) {
            why = a.reason();
          } else if (chosen == null || p.priority() >= chosen.priority()) {
            why = "can run here, not requested";
          } else {
            why = "can run here, lower priority " + p.priority() + " than " + chosen.priority();
          }
          return p.name() + " (" + why + ")";
        })
        .collect(Collectors.joining(", "));
  }

  private static String names(List<RaceBackendProvider> providers) {
    return providers.stream().map(RaceBackendProvider::name).collect(Collectors.joining(", "));
  }

  private static String runnable(List<RaceBackendProvider> providers) {
    String s = providers.stream().filter(p -> p.availability().available()).map(RaceBackendProvider::name)
        .collect(Collectors.joining(", "));
    return s.isEmpty() ? "none" : s;
  }
}
