package dev.racekit;

import java.util.Objects;

/**
 * A {@link RaceThread} that passes every call on to another one: the base of a decorator that records, counts,
 * filters or checks some events and forwards the rest unchanged.
 *
 * <pre>{@code
 * final class CountingThread extends ForwardingRaceThread {
 *   long writes;
 *
 *   CountingThread(RaceThread delegate) {
 *     super(delegate);
 *   }
 *
 *   @Override
 *   public void write(long addr, int size, long pc) {
 *     writes++;
 *     super.write(addr, size, pc);
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #join(RaceThread)} forwards its argument as it is: a decorator whose threads wrap the delegate's threads
 * overrides it to unwrap the child first (the delegate only accepts its own threads).
 */
public abstract class ForwardingRaceThread implements RaceThread {
  private final RaceThread delegate;

  /**
   * Forwards to {@code delegate}.
   *
   * @param delegate the thread every call goes to
   * @throws NullPointerException if {@code delegate} is null
   */
  protected ForwardingRaceThread(RaceThread delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The thread every call is forwarded to.
   *
   * @return the delegate given to the constructor
   */
  protected RaceThread delegate() {
    return delegate;
  }

  @Override
  public long id() {
    return delegate.id();
  }

  @Override
  public boolean isEnded() {
    return delegate.isEnded();
  }

  @Override
  public void read(long addr, long pc) {
    delegate.read(addr, pc);
  }

  @Override
  public void write(long addr, long pc) {
    delegate.write(addr, pc);
  }

  @Override
  public void read(long addr, int size, long pc) {
    delegate.read(addr, size, pc);
  }

  @Override
  public void write(long addr, int size, long pc) {
    delegate.write(addr, size, pc);
  }

  @Override
  public void atomicRead(long addr, int size, long pc) {
    delegate.atomicRead(addr, size, pc);
  }

  @Override
  public void atomicWrite(long addr, int size, long pc) {
    delegate.atomicWrite(addr, size, pc);
  }

  @Override
  public void readRange(long addr, long len, long pc) {
    delegate.readRange(addr, len, pc);
  }

  @Override
  public void writeRange(long addr, long len, long pc) {
    delegate.writeRange(addr, len, pc);
  }

  @Override
  public void funcEnter(long pc) {
    delegate.funcEnter(pc);
  }

  @Override
  public void funcExit() {
    delegate.funcExit();
  }

  @Override
  public void acquire(long sync) {
    delegate.acquire(sync);
  }

  @Override
  public void release(long sync) {
    delegate.release(sync);
  }

  @Override
  public void releaseMerge(long sync) {
    delegate.releaseMerge(sync);
  }

  @Override
  public void ignoreBegin() {
    delegate.ignoreBegin();
  }

  @Override
  public void ignoreEnd() {
    delegate.ignoreEnd();
  }

  @Override
  public void malloc(long addr, long size) {
    delegate.malloc(addr, size);
  }

  @Override
  public void free(long addr, long size, long pc) {
    delegate.free(addr, size, pc);
  }

  @Override
  public void end() {
    delegate.end();
  }

  @Override
  public void join(RaceThread child) {
    delegate.join(child);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
