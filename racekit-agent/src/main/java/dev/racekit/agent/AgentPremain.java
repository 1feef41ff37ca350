package dev.racekit.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * Entry point named by the jar's {@code Premain-Class}, loaded by the application class loader. Instrumented JDK
 * classes must see the runtime, so the jar joins the boot class path first and the real agent ({@link AgentMain})
 * is entered through the boot loader. Nothing here ever stops the program: a failure prints one line and the
 * program runs without race detection.
 */
public final class AgentPremain {
  private AgentPremain() {}

  /** Called by the JVM before {@code main} when started with {@code -javaagent}. */
  public static void premain(String args, Instrumentation inst) {
    try {
      File jar = new File(AgentPremain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
      Class<?> main = Class.forName("dev.racekit.agent.AgentMain", true, null);
      main.getMethod("start", String.class, Instrumentation.class, String.class).invoke(null, args, inst,
          jar.getPath());
    } catch (Throwable t) {
      Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
      System.err.println("racekit-agent: cannot start (" + cause + "); the program runs without race detection");
    }
  }
}
