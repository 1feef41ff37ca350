package dev.racekit.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard error is a terminal, which decides whether a progress bar is drawn. Asked only when needed. */
final class Terminal {
  private Terminal() {}

  /**
   * On Linux, where file descriptor 2 points ({@code /dev/pts/N}, {@code /dev/ttyN}); elsewhere the C library's
   * {@code isatty(2)} when native access is enabled (the executable jar's manifest enables it); else
   * {@link Console#isTerminal()}, which looks at standard input and output.
   */
  @SuppressWarnings("restricted") // isatty through FFM: the executable jar enables native access
  static boolean stderrIsTerminal() {
    Path fd2 = Path.of("/proc/self/fd/2");
    if (Files.exists(Path.of("/proc/self/fd"))) {
      try {
        String target = Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
      } catch (IOException | UnsupportedOperationException e) {
        // fall through
      }
    }
    if (Terminal.class.getModule().isNativeAccessEnabled()) {
      try {
        Linker linker = Linker.nativeLinker();
        MethodHandle isatty = linker.downcallHandle(linker.defaultLookup().find("isatty").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        return (int) isatty.invokeExact(2) == 1;
      } catch (Throwable e) {
        // no isatty here (Windows): fall back
      }
    }
    Console c = System.console();
    return c != null && c.isTerminal();
  }
}
