package dev.racekit.agent.instrument;

/** The other class {@link InitialiserSample} uses. */
public class InitialiserPeer {
  static void touch() {}
}
