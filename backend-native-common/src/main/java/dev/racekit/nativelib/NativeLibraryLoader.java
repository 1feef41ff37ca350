package dev.racekit.nativelib;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Objects;

/**
 * Finds a native library that a backend jar carries and loads it, in the manner of netty's and zstd-jni's loaders,
 * and says exactly why when it cannot.
 *
 * <p>The library is looked up in this order:
 * <ol>
 *   <li>the file named by the override system property (for the JNI backend {@code racekit.native.path}): used as it
 *       is, never copied;
 *   <li>the class-path resource {@code META-INF/native/<os>-<arch>/<file>}, for example
 *       {@code META-INF/native/linux-x86_64/libracekit_jni.so}: copied to a fresh private directory (owner-only
 *       permissions) under {@code racekit.native.tmpdir}, else {@code java.io.tmpdir}, and deleted when the JVM exits.
 * </ol>
 *
 * <p>Nothing here throws: every failure (unsupported OS or architecture, resource missing, temporary directory not
 * writable, a directory mounted {@code noexec} so that {@code dlopen} fails, a missing override file) ends in a
 * {@link Result} whose {@link Result#failure() failure} is one sentence a user can act on. A provider returns it
 * from {@code availability()}, so automatic selection falls back to another backend and an explicit selection
 * fails with that cause.
 *
 * <p>One instance loads its library at most once ({@link #load()} is idempotent and thread-safe). The class is
 * generic over the library: the JNI backend loads {@code racekit_jni}, the thunk backend {@code racekit_thunk}
 * (which may only {@link #locate()} the file and open it with FFM instead of {@link System#load(String)}).
 */
public final class NativeLibraryLoader {
  /** The system property that names a directory to extract libraries into instead of {@code java.io.tmpdir}. */
  public static final String TMPDIR_PROPERTY = "racekit.native.tmpdir";
  /** Where libraries live inside a jar: {@code META-INF/native/<platform>/<file>}. */
  public static final String RESOURCE_ROOT = "META-INF/native/";

  private final String baseName;
  private final String pathProperty;
  private final Class<?> anchor;
  private Result located;
  private Result loaded;

  /**
   * @param baseName the library name without prefix and suffix, for example {@code racekit_jni}
   * @param pathProperty the system property whose value, when set, is the library file to use instead
   * @param anchor a class whose class loader sees the jar that carries the library
   */
  public NativeLibraryLoader(String baseName, String pathProperty, Class<?> anchor) {
    this.baseName = Objects.requireNonNull(baseName, "baseName");
    this.pathProperty = Objects.requireNonNull(pathProperty, "pathProperty");
    this.anchor = Objects.requireNonNull(anchor, "anchor");
  }

  /** The outcome of {@link #locate()} or {@link #load()}: the file, or why there is none. */
  public static final class Result {
    private final Path path;
    private final String failure;

    private Result(Path path, String failure) {
      this.path = path;
      this.failure = failure;
    }

    static Result ok(Path path) {
      return new Result(path, null);
    }

    static Result failed(String failure) {
      return new Result(null, failure);
    }

    /** Whether the library was found (and, for {@link #load()}, loaded). */
    public boolean ok() {
      return failure == null;
    }

    /** The library file; null when {@link #ok()} is false. */
    public Path path() {
      return path;
    }

    /** Why the library cannot be used, one sentence naming the cause and the fix; null when {@link #ok()}. */
    public String failure() {
      return failure;
    }

    @Override
    public String toString() {
      return ok() ? "loaded " + path : "failed: " + failure;
    }
  }

  /** The library base name, for example {@code racekit_jni}. */
  public String baseName() {
    return baseName;
  }

  /** The override property, for example {@code racekit.native.path}. */
  public String pathProperty() {
    return pathProperty;
  }

  /**
   * This JVM's platform directory name, {@code <os>-<arch>} (for example {@code linux-x86_64}), or null when the
   * OS or architecture is not one the native backends are built for.
   */
  public static String currentPlatform() {
    return platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
  }

  /**
   * The platform directory name for an {@code os.name} and {@code os.arch}, or null when either is unknown.
   * OS: {@code linux}, {@code macos}, {@code windows}; architecture: {@code x86_64}, {@code aarch64}.
   */
  public static String platform(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String o;
    if (os.startsWith("linux")) {
      o = "linux";
    } else if (os.startsWith("mac") || os.startsWith("darwin")) {
      o = "macos";
    } else if (os.startsWith("windows")) {
      o = "windows";
    } else {
      return null;
    }
    String a;
    switch (osArch.toLowerCase(Locale.ROOT)) {
      case "amd64":
      case "x86_64":
      case "x86-64":
        a = "x86_64";
        break;
      case "aarch64":
      case "arm64":
        a = "aarch64";
        break;
      default:
        return null;
    }
    return o + "-" + a;
  }

  /** The file name of the library on a platform: {@code lib<base>.so}, {@code lib<base>.dylib} or {@code <base>.dll}. */
  public static String fileName(String platform, String baseName) {
    if (platform.startsWith("windows")) {
      return baseName + ".dll";
    }
    return "lib" + baseName + (platform.startsWith("macos") ? ".dylib" : ".so");
  }

  /** The class-path resource of the library on a platform, for example {@code META-INF/native/linux-x86_64/libracekit_jni.so}. */
  public String resourceName(String platform) {
    return RESOURCE_ROOT + platform + "/" + fileName(platform, baseName);
  }

  /**
   * Finds the library file without loading it: the override file, or the resource extracted to a private temporary
   * file. Done once; later calls return the same result. Never throws.
   */
  public synchronized Result locate() {
    if (located == null) {
      try {
        located = doLocate();
      } catch (RuntimeException | Error e) {
        located = Result.failed("cannot find lib" + baseName + ": " + describe(e));
      }
    }
    return located;
  }

  /**
   * Finds the library and loads it with {@link System#load(String)}. Done once; later calls return the same result.
   * Never throws: a failure is described in the result.
   */
  public synchronized Result load() {
    if (loaded != null) {
      return loaded;
    }
    Result where = locate();
    if (!where.ok()) {
      loaded = where;
      return loaded;
    }
    Path file = where.path();
    try {
      System.load(file.toString());
      loaded = where;
    } catch (UnsatisfiedLinkError e) {
      String hint = overridden()
          ? "check that " + pathProperty + " names a " + currentPlatformOrUnknown() + " build of lib" + baseName
          : "if " + file.getParent() + " is on a file system mounted noexec, set -D" + TMPDIR_PROPERTY
              + "=<a directory that allows executables> or -D" + pathProperty + "=<the library file>";
      loaded = Result.failed("cannot load " + file + ": " + describe(e) + " (" + hint + ")");
    } catch (RuntimeException | Error e) {
      loaded = Result.failed("cannot load " + file + ": " + describe(e));
    }
    return loaded;
  }

  private boolean overridden() {
    String p = System.getProperty(pathProperty);
    return p != null && !p.isBlank();
  }

  private Result doLocate() {
    String override = System.getProperty(pathProperty);
    if (override != null && !override.isBlank()) {
      Path file = Paths.get(override.trim()).toAbsolutePath();
      if (!Files.isRegularFile(file)) {
        return Result.failed(pathProperty + "=" + override.trim() + " names " + file
            + (Files.exists(file) ? ", which is not a regular file" : ", which does not exist"));
      }
      if (!Files.isReadable(file)) {
        return Result.failed(pathProperty + "=" + override.trim() + " names " + file + ", which is not readable");
      }
      return Result.ok(file);
    }
    String platform = currentPlatform();
    if (platform == null) {
      return Result.failed("no lib" + baseName + " for this platform (os.name=" + System.getProperty("os.name")
          + ", os.arch=" + System.getProperty("os.arch") + "); native builds exist for linux-x86_64."
          + " Build one with make in backend-jni and set -D" + pathProperty + "=<file>");
    }
    String resource = resourceName(platform);
    ClassLoader cl = anchor.getClassLoader();
    URL url = cl == null ? ClassLoader.getSystemResource(resource) : cl.getResource(resource);
    if (url == null) {
      return Result.failed("the jar has no " + resource + " (this build of the backend does not include "
          + platform + "); build it on " + platform + " or set -D" + pathProperty + "=<file>");
    }
    return extract(url, resource, platform);
  }

  private Result extract(URL url, String resource, String platform) {
    String tmp = System.getProperty(TMPDIR_PROPERTY);
    boolean custom = tmp != null && !tmp.isBlank();
    Path root = Paths.get(custom ? tmp.trim() : System.getProperty("java.io.tmpdir", "/tmp"));
    Path dir;
    try {
      dir = privateDirectory(root);
    } catch (IOException | RuntimeException e) {
      return Result.failed("cannot create a private directory in " + root + " to extract " + resource + ": "
          + describe(e) + " (set -D" + TMPDIR_PROPERTY + "=<a writable directory> or -D" + pathProperty
          + "=<the library file>)");
    }
    Path file = dir.resolve(fileName(platform, baseName));
    try (InputStream in = url.openStream()) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      file.toFile().deleteOnExit();
      if (posix()) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-x------"));
      }
    } catch (IOException | RuntimeException e) {
      return Result.failed("cannot extract " + resource + " to " + file + ": " + describe(e) + " (set -D"
          + TMPDIR_PROPERTY + "=<a writable directory> or -D" + pathProperty + "=<the library file>)");
    }
    return Result.ok(file);
  }

  /** A new directory only this user can enter; deleted at exit after the file in it (deleteOnExit runs in reverse). */
  private static Path privateDirectory(Path root) throws IOException {
    Path dir;
    if (posix()) {
      dir = Files.createTempDirectory(root, "racekit-native-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      dir = Files.createTempDirectory(root, "racekit-native-");
    }
    dir.toFile().deleteOnExit();
    return dir;
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  private static String currentPlatformOrUnknown() {
    String p = currentPlatform();
    return p == null ? System.getProperty("os.name") + "/" + System.getProperty("os.arch") : p;
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + m;
  }

  @Override
  public String toString() {
    return "NativeLibraryLoader[" + baseName + "]";
  }
}
