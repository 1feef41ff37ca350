package dev.racekit.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URI;
import java.net.URL;
import java.util.jar.JarFile;

/**
 * Entry point named by the jar's {@code Premain-Class}. Instrumented JDK classes must see the runtime, so the jar is
 * on the boot class path and the real agent ({@link AgentMain}) is entered through the boot loader. The manifest puts
 * it there ({@code Boot-Class-Path}: the jar's own name) while the JVM loads the agent, which costs the JVM's class
 * data sharing nothing and prints nothing; a jar renamed since is loaded by the application class loader instead,
 * and joins the boot class path here (the JVM then warns that sharing is limited to the boot loader's classes).
 * Nothing here ever stops the program: a failure prints one line and the program runs without race detection.
 */
public final class AgentPremain {
  private AgentPremain() {}

  /** Called by the JVM before {@code main} when started with {@code -javaagent}. */
  public static void premain(String args, Instrumentation inst) {
    try {
      File jar = agentJar();
      if (AgentPremain.class.getClassLoader() != null) {
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
      }
      Class<?> main = Class.forName("dev.racekit.agent.AgentMain", true, null);
      main.getMethod("start", String.class, Instrumentation.class, String.class).invoke(null, args, inst,
          jar.getPath());
    } catch (Throwable t) {
      Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
      System.err.println("racekit-agent: cannot start (" + cause + "); the program runs without race detection");
    }
  }

  /** The agent jar: this class's code source, or (loaded by the boot loader, which names none) its resource's jar. */
  static File agentJar() throws Exception {
    java.security.CodeSource source = AgentPremain.class.getProtectionDomain().getCodeSource();
    if (source != null && source.getLocation() != null) {
      return new File(source.getLocation().toURI());
    }
    URL self = AgentPremain.class.getResource("AgentPremain.class");
    String u = self == null ? "" : self.toString();
    int bang = u.indexOf("!/");
    if (!u.startsWith("jar:") || bang < 0) {
      throw new IllegalStateException("cannot tell which jar the agent was loaded from (" + u + ")");
    }
    return new File(new URI(u.substring("jar:".length(), bang)));
  }
}
