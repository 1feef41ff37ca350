package dev.racekit;

import java.util.Objects;

/**
 * A {@link RaceDetector} that passes every call on to another one: the base of a decorator (a recorder, a counter, a
 * filter). Its threads are the delegate's threads unless the subclass overrides {@link #mainThread()} and
 * {@link #startThread(RaceThread, long)} to wrap them, for example in a {@link ForwardingRaceThread}.
 */
public abstract class ForwardingRaceDetector implements RaceDetector {
  private final RaceDetector delegate;

  /**
   * Forwards to {@code delegate}.
   *
   * @param delegate the detector every call goes to
   * @throws NullPointerException if {@code delegate} is null
   */
  protected ForwardingRaceDetector(RaceDetector delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The detector every call is forwarded to.
   *
   * @return the delegate given to the constructor
   */
  public RaceDetector delegate() {
    return delegate;
  }

  @Override
  public String backendName() {
    return delegate.backendName();
  }

  @Override
  public RaceOptions options() {
    return delegate.options();
  }

  @Override
  public RaceThread mainThread() {
    return delegate.mainThread();
  }

  @Override
  public RaceThread startThread(RaceThread parent, long pc) {
    return delegate.startThread(parent, pc);
  }

  @Override
  public void mapShadow(long base, long size) {
    delegate.mapShadow(base, size);
  }

  @Override
  public long unmappedAccessCount() {
    return delegate.unmappedAccessCount();
  }

  @Override
  public long shadowMemoryBytes() {
    return delegate.shadowMemoryBytes();
  }

  @Override
  public long reportCount() {
    return delegate.reportCount();
  }

  @Override
  public void addListener(RaceListener listener) {
    delegate.addListener(listener);
  }

  @Override
  public void removeListener(RaceListener listener) {
    delegate.removeListener(listener);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
