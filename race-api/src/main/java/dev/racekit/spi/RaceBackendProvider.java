package dev.racekit.spi;

/**
 * A detector backend, found with {@link java.util.ServiceLoader}. Register an implementation with
 * {@code provides dev.racekit.spi.RaceBackendProvider with ...} in its module descriptor, and for the class path in
 * {@code META-INF/services/dev.racekit.spi.RaceBackendProvider}.
 *
 * <p>{@code RaceKit.open()} picks the provider named by the system property {@code racekit.backend}, or else the
 * available provider with the highest {@link #priority()}.
 */
public interface RaceBackendProvider {

  /**
   * The name users select it by.
   *
   * @return a short lower-case name, for example {@code java}
   */
  String name();

  /**
   * Higher wins automatic selection among the providers that can run here.
   *
   * @return the priority; the shipped backends use 10 (java), 20 (jni) and 30 (thunk)
   */
  int priority();

  /**
   * Whether the backend can run in this JVM on this machine, and if not, why. Must be cheap after the first call
   * and must not throw.
   *
   * @return whether it can run, with a reason a user can act on when it cannot
   */
  Availability availability();

  /**
   * Creates a backend instance.
   *
   * @param context the options and the sink the backend hands its reports to
   * @return a new backend with its main thread
   * @throws IllegalStateException if the backend cannot run here
   */
  RaceBackend create(BackendContext context);
}
