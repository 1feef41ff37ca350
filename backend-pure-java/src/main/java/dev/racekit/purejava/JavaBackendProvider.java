package dev.racekit.purejava;

import dev.racekit.spi.Availability;
import dev.racekit.spi.BackendContext;
import dev.racekit.spi.RaceBackend;
import dev.racekit.spi.RaceBackendProvider;

/** The pure-Java backend: runs on any JVM 17+, so it is the fallback of automatic selection. */
public final class JavaBackendProvider implements RaceBackendProvider {
  /** Below the native backends: automatic selection takes java only when no native one can run. */
  public static final int PRIORITY = 10;

  @Override
  public String name() {
    return "java";
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  @Override
  public Availability availability() {
    return Availability.yes();
  }

  @Override
  public RaceBackend create(BackendContext context) {
    return new JavaBackend(context);
  }
}
