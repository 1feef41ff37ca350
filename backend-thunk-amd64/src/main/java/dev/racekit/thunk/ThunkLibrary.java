package dev.racekit.thunk;

import dev.racekit.nativelib.NativeLibraryLoader;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Map;

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
  /** {@code rk_thunk_call}: every rare function, by id ({@code ThunkBindings.CALL_*}). */
  private static final MethodHandle CALL;
  /** All of native memory, for reading thread heads and shadow cells without a call (global scope: no liveness check). */
  static final MemorySegment NATIVE = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
  /**
   * A long of {@link #NATIVE} at an offset, read through the layout's var handle directly: two call levels fewer
   * than {@code NATIVE.get(JAVA_LONG, offset)}, which counts when the caller is itself deep in inlined code (a
   * bytecode agent's runtime): past the JIT's inlining depth the memory access is no longer compiled to a load.
   */
  static final java.lang.invoke.VarHandle NATIVE_LONG = java.lang.foreign.ValueLayout.JAVA_LONG.varHandle();

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
    READ = critical(linker, lib, "rk_thunk_read");
    WRITE = critical(linker, lib, "rk_thunk_write");
    ATOMIC_READ = critical(linker, lib, "rk_thunk_atomic_read");
    ATOMIC_WRITE = critical(linker, lib, "rk_thunk_atomic_write");
    READ_RANGE = critical(linker, lib, "rk_thunk_read_range");
    WRITE_RANGE = critical(linker, lib, "rk_thunk_write_range");
    FUNC_ENTER = critical(linker, lib, "rk_thunk_func_enter");
    FUNC_EXIT = critical(linker, lib, "rk_thunk_func_exit");
    ACQUIRE = critical(linker, lib, "rk_acquire");
    RELEASE = critical(linker, lib, "rk_release");
    RELEASE_MERGE = critical(linker, lib, "rk_release_merge");
    IGNORE_BEGIN = critical(linker, lib, "rk_ignore_begin");
    IGNORE_END = critical(linker, lib, "rk_ignore_end");
    CALL = bind(linker, lib, "rk_thunk_call", ThunkBindings.DISPATCH);
    checkAbi();
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

  private static MethodHandle critical(Linker linker, SymbolLookup lib, String name) {
    return bind(linker, lib, name, ThunkBindings.CRITICAL, Linker.Option.critical(false));
  }

  private static MethodHandle bind(Linker linker, SymbolLookup lib, String name,
      Map<String, FunctionDescriptor> table, Linker.Option... options) {
    FunctionDescriptor fd = table.get(name);
    if (fd == null) {
      throw new IllegalStateException("no binding for " + name);
    }
    MemorySegment symbol = lib.find(name)
        .orElseThrow(() -> new IllegalStateException("libracekit_thunk has no symbol " + name));
    return linker.downcallHandle(symbol, fd, options);
  }

  /**
   * Calls the rare function {@code id} names ({@code ThunkBindings.CALL_*}) through {@code rk_thunk_call}, its
   * arguments widened to longs (unused ones 0); returns its result widened (a pointer as its address, void as 0).
   */
  static long call(int id, long a, long b, long c, long d) {
    try {
      return (long) CALL.invokeExact((long) id, a, b, c, d);
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  private static void checkAbi() {
    try {
      int abi = (int) call(ThunkBindings.CALL_ABI_VERSION, 0, 0, 0, 0);
      if (abi != ThunkBindings.ABI_VERSION) {
        throw new IllegalStateException("libracekit_thunk has ABI version " + abi + ", this binding needs "
            + ThunkBindings.ABI_VERSION);
      }
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, 8);
        int n = (int) call(ThunkBindings.CALL_LAYOUT, out.address(), 8, 0, 0);
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
