package dev.racekit.jni;

import dev.racekit.nativelib.NativeBackendProvider;
import dev.racekit.nativelib.NativeLibraryLoader;
import dev.racekit.spi.Availability;
import dev.racekit.spi.BackendContext;
import dev.racekit.spi.RaceBackend;
import java.util.Objects;

/**
 * The JNI backend: the native detector core (race-native) called through plain JNI. It runs where its library
 * {@code libracekit_jni} loads: the jar carries a build for linux-x86_64 under
 * {@code META-INF/native/linux-x86_64/}, and the system property {@value #PATH_PROPERTY} names a library file to use
 * instead. When it cannot load, {@link #availability()} says why, automatic selection falls back to {@code java}, and
 * {@code -Dracekit.backend=jni} fails with that reason.
 */
public final class JniBackendProvider extends NativeBackendProvider {
  /** The name users select it by. */
  public static final String NAME = "jni";
  /** Above java (10), below thunk (30). */
  public static final int PRIORITY = 20;
  /** The system property that names a {@code libracekit_jni} file to load instead of the one in the jar. */
  public static final String PATH_PROPERTY = "racekit.native.path";
  /** The library base name: {@code libracekit_jni.so} on Linux. */
  public static final String LIBRARY = "racekit_jni";
  /** The native core interface version this binding is written against ({@code RK_ABI_VERSION}). */
  static final int ABI_VERSION = 2;

  private static final NativeLibraryLoader SHARED_LOADER =
      new NativeLibraryLoader(LIBRARY, PATH_PROPERTY, JniBackendProvider.class);
  private static final Object SHARED_LOCK = new Object();
  private static Availability sharedAvailability;

  private final NativeLibraryLoader loader;
  private Availability availability;

  /** The provider {@link java.util.ServiceLoader} creates: it uses the JVM-wide loader of {@code libracekit_jni}. */
  public JniBackendProvider() {
    super(NAME, PRIORITY);
    this.loader = null;
  }

  /** A provider with its own loader, for tests of failure paths; it does not share the JVM-wide load state. */
  JniBackendProvider(NativeLibraryLoader loader) {
    super(NAME, PRIORITY);
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  @Override
  public Availability availability() {
    if (loader == null) {
      synchronized (SHARED_LOCK) {
        if (sharedAvailability == null) {
          sharedAvailability = probe(SHARED_LOADER);
        }
        return sharedAvailability;
      }
    }
    synchronized (this) {
      if (availability == null) {
        availability = probe(loader);
      }
      return availability;
    }
  }

  /** Loads the library and checks that it speaks this binding's interface version. Never throws. */
  static Availability probe(NativeLibraryLoader loader) {
    try {
      NativeLibraryLoader.Result r = loader.load();
      if (!r.ok()) {
        return Availability.no(r.failure());
      }
      int abi = JniNative.abiVersion();
      if (abi != ABI_VERSION) {
        return Availability.no(r.path() + " implements native interface version " + abi + ", this backend needs "
            + ABI_VERSION + " (mismatched backend-jni jar and library; rebuild or drop " + PATH_PROPERTY + ")");
      }
      return Availability.yes();
    } catch (LinkageError e) {
      return Availability.no("lib" + LIBRARY + " loaded but does not provide the JNI entry points of this backend ("
          + e + "); is " + PATH_PROPERTY + " pointing at another library?");
    } catch (RuntimeException e) {
      return Availability.no("cannot initialise lib" + LIBRARY + ": " + e);
    }
  }

  @Override
  protected RaceBackend newBackend(BackendContext context) {
    return new JniBackend(context);
  }
}
