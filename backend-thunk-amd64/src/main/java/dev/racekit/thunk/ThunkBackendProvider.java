package dev.racekit.thunk;

import dev.racekit.nativelib.NativeBackendProvider;
import dev.racekit.spi.Availability;
import dev.racekit.spi.BackendContext;
import dev.racekit.spi.RaceBackend;

/**
 * The thunk backend: the native core behind amd64 entry thunks, called with FFM critical downcalls. Runs on Linux
 * x86_64 with JDK 25 or later (its classes are compiled for 25); elsewhere {@link #availability()} says why and
 * automatic selection falls back.
 * The library comes from the jar ({@code META-INF/native/linux-x86_64/libracekit_thunk.so}) or from the file named
 * by the system property {@value ThunkLibrary#PATH_PROPERTY}.
 */
public final class ThunkBackendProvider extends NativeBackendProvider {
  /** The name users select it by. */
  public static final String NAME = "thunk";
  /** Above jni (20) and java (10): the benchmarks in the README show it is the fastest where it runs. */
  public static final int PRIORITY = 30;

  /** Guards {@link #availability}: one answer for the JVM, however many provider instances ask (and from where). */
  private static final Object LOCK = new Object();
  private static Availability availability;

  /** The provider {@link java.util.ServiceLoader} creates. */
  public ThunkBackendProvider() {
    super(NAME, PRIORITY);
  }

  @Override
  public Availability availability() {
    synchronized (LOCK) {
      if (availability == null) {
        availability = probe();
      }
      return availability;
    }
  }

  private static Availability probe() {
    if (Runtime.version().feature() < 25) {
      return Availability.no("needs JDK 25 or later (this is " + Runtime.version() + ")");
    }
    try {
      ThunkLibrary.ensureLoaded();
      return Availability.yes();
    } catch (ExceptionInInitializerError e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return Availability.no(cause.getMessage() == null ? cause.toString() : cause.getMessage());
    } catch (NoClassDefFoundError e) {
      return Availability.no("the thunk library failed to initialise earlier: " + e.getMessage());
    } catch (RuntimeException | LinkageError e) {
      return Availability.no(e.toString());
    }
  }

  @Override
  protected RaceBackend newBackend(BackendContext context) {
    return new ThunkBackend(context);
  }
}
