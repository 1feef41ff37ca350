package dev.racekit.spi;

/**
 * A detector backend, found with {@link java.util.ServiceLoader}. Register an implementation in
 * {@code META-INF/services/dev.racekit.spi.RaceBackendProvider}.
 *
 * <p>{@code RaceKit.open()} picks the provider named by the system property {@code racekit.backend}, or else the
 * available provider with the highest {@link #priority()}.
 */
public interface RaceBackendProvider {

  /** The name users select it by, for example {@code java}. */
  String name();

  /** Higher wins automatic selection among the providers that can run here. */
  int priority();

  /**
   * Whether the backend can run in this JVM on this machine, and if not, why. Must be cheap after the first call
   * and must not throw.
   */
  Availability availability();

  /**
   * Creates a backend instance.
   *
   * @throws IllegalStateException if the backend cannot run here
   */
  RaceBackend create(BackendContext context);
}
