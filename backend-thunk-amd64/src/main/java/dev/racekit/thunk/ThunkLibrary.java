package dev.racekit.thunk;

import dev.racekit.nativelib.NativeLibraryLoader;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The loaded libracekit_thunk.so and its downcall handles, in static finals so the JIT binds each call site
 * directly to its stub. Initialising this class fails (with the cause) when the library cannot be used here;
 * {@link ThunkBackendProvider} turns that into a reason.
 */
final class ThunkLibrary {
  /** System property naming a libracekit_thunk.so to use instead of the one in the jar. */
  static final String PATH_PROPERTY = "racekit.thunk.native.path";

  static final MethodHandle READ;
  static final MethodHandle WRITE;
  static final MethodHandle ATOMIC_READ;
  static final MethodHandle ATOMIC_WRITE;
  static final MethodHandle READ_RANGE;
  static final MethodHandle WRITE_RANGE;
  static final MethodHandle FUNC_ENTER;
  static final MethodHandle FUNC_EXIT;
  static final MethodHandle ACQUIRE;
  static final MethodHandle RELEASE;
  static final MethodHandle RELEASE_MERGE;
  static final MethodHandle IGNORE_BEGIN;
  static final MethodHandle IGNORE_END;
  static final MethodHandle OPEN;
  static final MethodHandle CLOSE;
  static final MethodHandle SHUTDOWN;
  static final MethodHandle THREAD_RELEASE;
  static final MethodHandle MAIN_THREAD;
  static final MethodHandle MAP_SHADOW;
  static final MethodHandle UNMAPPED_COUNT;
  static final MethodHandle SHADOW_RESIDENT_BYTES;
  static final MethodHandle SHADOW_CELLS;
  /** All of native memory, for reading thread heads and shadow cells without a call (global scope: no liveness check). */
  static final MemorySegment NATIVE = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
  /**
   * A long of {@link #NATIVE} at an offset, read through the layout's var handle directly: two call levels fewer
   * than {@code NATIVE.get(JAVA_LONG, offset)}, which counts when the caller is itself deep in inlined code (a
   * bytecode agent's runtime): past the JIT's inlining depth the memory access is no longer compiled to a load.
   */
  static final java.lang.invoke.VarHandle NATIVE_LONG = java.lang.foreign.ValueLayout.JAVA_LONG.varHandle();
  static final MethodHandle THREAD_START;
  static final MethodHandle THREAD_ID;
  static final MethodHandle THREAD_CLOCK_LENGTH;
  static final MethodHandle THREAD_END;
  static final MethodHandle THREAD_JOIN;
  static final MethodHandle MALLOC;
  static final MethodHandle FREE;
  static final MethodHandle NEXT_REPORT;

  static {
    String platform = NativeLibraryLoader.currentPlatform();
    if (!"linux-x86_64".equals(platform)) {
      throw new UnsupportedOperationException("the thunk backend runs on linux-x86_64 only (this is "
          + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ")");
    }
    NativeLibraryLoader.Result where =
        new NativeLibraryLoader("racekit_thunk", PATH_PROPERTY, ThunkLibrary.class).locate();
    if (!where.ok()) {
      throw new IllegalStateException(where.failure());
    }
    SymbolLookup lib = lookup(where.path());
    Linker linker = Linker.nativeLinker();
    MethodHandle[] h = DowncallLinks.linkAll(linker, lib, new String[] {
        "rk_thunk_read", "rk_thunk_write", "rk_thunk_atomic_read", "rk_thunk_atomic_write",
        "rk_thunk_read_range", "rk_thunk_write_range", "rk_thunk_func_enter", "rk_thunk_func_exit",
        "rk_acquire", "rk_release", "rk_release_merge", "rk_ignore_begin",
        "rk_ignore_end", "rk_open", "rk_close", "rk_shutdown",
        "rk_thread_release", "rk_main_thread", "rk_map_shadow", "rk_unmapped_count",
        "rk_shadow_resident_bytes", "rk_shadow_cells", "rk_thread_start", "rk_thread_id",
        "rk_thread_clock_length", "rk_thread_end", "rk_thread_join", "rk_malloc",
        "rk_free", "rk_next_report"});
    READ = h[0];
    WRITE = h[1];
    ATOMIC_READ = h[2];
    ATOMIC_WRITE = h[3];
    READ_RANGE = h[4];
    WRITE_RANGE = h[5];
    FUNC_ENTER = h[6];
    FUNC_EXIT = h[7];
    ACQUIRE = h[8];
    RELEASE = h[9];
    RELEASE_MERGE = h[10];
    IGNORE_BEGIN = h[11];
    IGNORE_END = h[12];
    OPEN = h[13];
    CLOSE = h[14];
    SHUTDOWN = h[15];
    THREAD_RELEASE = h[16];
    MAIN_THREAD = h[17];
    MAP_SHADOW = h[18];
    UNMAPPED_COUNT = h[19];
    SHADOW_RESIDENT_BYTES = h[20];
    SHADOW_CELLS = h[21];
    THREAD_START = h[22];
    THREAD_ID = h[23];
    THREAD_CLOCK_LENGTH = h[24];
    THREAD_END = h[25];
    THREAD_JOIN = h[26];
    MALLOC = h[27];
    FREE = h[28];
    NEXT_REPORT = h[29];
    checkAbi(linker, lib);
  }

  private ThunkLibrary() {}

  /** Forces initialisation; throws the cause when the library cannot be used here. */
  static void ensureLoaded() {}

  private static SymbolLookup lookup(Path file) {
    try {
      // A lookup of its own (dlopen RTLD_LOCAL): the JNI backend's library exports the same core symbols.
      return SymbolLookup.libraryLookup(file, Arena.global());
    } catch (IllegalArgumentException e) {
      // The system loader's reason does not reach FFM, so name the usual causes and their fixes.
      throw new IllegalStateException(e.getMessage() + " (if " + file.getParent() + " is on a file system mounted"
          + " noexec, set -D" + NativeLibraryLoader.TMPDIR_PROPERTY + "=<a directory that allows executables> or -D"
          + PATH_PROPERTY + "=<the library file>)", e);
    }
  }

  private static void checkAbi(Linker linker, SymbolLookup lib) {
    try {
      int abi = (int) DowncallLinks.link(linker, lib, "rk_abi_version").invokeExact();
      if (abi != ThunkBindings.ABI_VERSION) {
        throw new IllegalStateException("libracekit_thunk has ABI version " + abi + ", this binding needs "
            + ThunkBindings.ABI_VERSION);
      }
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, 8);
        int n = (int) DowncallLinks.link(linker, lib, "rk_layout").invokeExact(out.address(), 8);
        long[] layout = out.toArray(ValueLayout.JAVA_LONG);
        if (n < 6 || layout[0] != ThunkBindings.FILTER_OFFSET || layout[1] != ThunkBindings.UNMAPPED_OFFSET
            || layout[2] != ThunkBindings.IGNORE_OFFSET || layout[4] != ThunkBindings.STAMP_OFFSET
            || layout[5] != ThunkBindings.CELLS_PER_WORD) {
          throw new IllegalStateException("libracekit_thunk's thread head layout differs from this binding's");
        }
      }
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /**
   * What a downcall's {@code invokeExact} threw, for a method that declares no checked exception: an Error is thrown
   * on, a RuntimeException returned as is, anything else wrapped in an IllegalStateException.
   */
  static RuntimeException unchecked(Throwable t) {
    if (t instanceof Error e) {
      throw e;
    }
    return t instanceof RuntimeException r ? r : new IllegalStateException(t);
  }
}
