package dev.racekit.thunk;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.Optional;

/**
 * Links the downcall handles of {@link ThunkBindings}' functions. Linking spins a stub class per descriptor: about
 * 0.1 s for all of them on a JVM that has just started, which every run of the backend pays before its first event.
 * So half of them are linked on a helper thread. Nothing here touches {@link ThunkLibrary}, whose initialiser calls
 * this: a helper that did would wait for that initialiser to finish, and the initialiser waits for the helper.
 */
final class DowncallLinks {
  private DowncallLinks() {}

  /** The handles of {@code names}, in order; a name {@link ThunkBindings#CRITICAL} lists is bound as critical. */
  static MethodHandle[] linkAll(Linker linker, SymbolLookup lib, String[] names) {
    MethodHandle[] out = new MethodHandle[names.length];
    Helper helper = new Helper(linker, lib, names, out);
    Thread thread = helper.start();
    for (int i = 0; i < names.length; i += thread == null ? 1 : 2) {
      out[i] = link(linker, lib, names[i]);
    }
    if (thread != null) {
      helper.await(thread);
    }
    return out;
  }

  /** The handle of one function. */
  static MethodHandle link(Linker linker, SymbolLookup lib, String name) {
    FunctionDescriptor critical = ThunkBindings.CRITICAL.get(name);
    if (critical != null) {
      return linker.downcallHandle(symbol(lib, name), critical, Linker.Option.critical(false));
    }
    FunctionDescriptor regular = ThunkBindings.REGULAR.get(name);
    if (regular == null) {
      throw new IllegalStateException("no binding for " + name);
    }
    return linker.downcallHandle(symbol(lib, name), regular);
  }

  private static MemorySegment symbol(SymbolLookup lib, String name) {
    Optional<MemorySegment> found = lib.find(name);
    if (found.isEmpty()) {
      throw new IllegalStateException("libracekit_thunk has no symbol " + name);
    }
    return found.get();
  }

  /** Links the odd-numbered names; a class of its own, not a lambda, so that no bootstrap runs at start-up. */
  private static final class Helper implements Runnable {
    private final Linker linker;
    private final SymbolLookup lib;
    private final String[] names;
    private final MethodHandle[] out;
    private Throwable failure;

    Helper(Linker linker, SymbolLookup lib, String[] names, MethodHandle[] out) {
      this.linker = linker;
      this.lib = lib;
      this.names = names;
      this.out = out;
    }

    /** The started thread, or null when none can be had (a thread limit, out of memory): the caller links all. */
    Thread start() {
      try {
        Thread t = new Thread(this, "racekit-thunk-link");
        t.setDaemon(true);
        t.start();
        return t;
      } catch (OutOfMemoryError | RuntimeException e) {
        return null;
      }
    }

    @Override
    public void run() {
      try {
        for (int i = 1; i < names.length; i += 2) {
          out[i] = link(linker, lib, names[i]);
        }
      } catch (Throwable t) {
        failure = t;
      }
    }

    /** Waits for the thread (an interrupt is kept for the caller, the handles are needed either way); rethrows. */
    void await(Thread thread) {
      boolean interrupted = false;
      while (true) {
        try {
          thread.join(); // also publishes out[] and failure to this thread
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw ThunkLibrary.unchecked(failure);
      }
    }
  }
}
