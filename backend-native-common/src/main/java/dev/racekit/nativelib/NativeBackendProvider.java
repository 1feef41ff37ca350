package dev.racekit.nativelib;

import dev.racekit.spi.Availability;
import dev.racekit.spi.BackendContext;
import dev.racekit.spi.RaceBackend;
import dev.racekit.spi.RaceBackendProvider;

/**
 * What both native backends' providers share: the name and priority, and a {@link #create} that refuses, with the
 * reason {@link #availability()} gives, where the native library cannot run.
 */
public abstract class NativeBackendProvider implements RaceBackendProvider {
  private final String name;
  private final int priority;

  protected NativeBackendProvider(String name, int priority) {
    this.name = name;
    this.priority = priority;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int priority() {
    return priority;
  }

  @Override
  public final RaceBackend create(BackendContext context) {
    Availability a = availability();
    if (!a.available()) {
      throw new IllegalStateException("racekit: backend '" + name + "' cannot run here: " + a.reason());
    }
    return newBackend(context);
  }

  /** A new backend; called once {@link #availability()} said it can run here. */
  protected abstract RaceBackend newBackend(BackendContext context);

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + ", priority " + priority + "]";
  }
}
