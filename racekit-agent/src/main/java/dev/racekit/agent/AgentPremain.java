package dev.racekit.agent;

import java.lang.instrument.Instrumentation;

/** Entry point named by the jar's {@code Premain-Class}; the agent itself is built in its own issue. */
public final class AgentPremain {
  private AgentPremain() {}

  /** Called by the JVM before {@code main} when started with {@code -javaagent}. */
  public static void premain(String args, Instrumentation inst) {
    System.err.println("racekit-agent: not implemented yet");
  }
}
