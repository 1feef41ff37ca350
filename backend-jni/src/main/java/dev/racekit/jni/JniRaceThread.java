package dev.racekit.jni;

import dev.racekit.nativelib.MappedLayout;
import dev.racekit.nativelib.NativeRaceThread;
import dev.racekit.spi.Checks;

/**
 * A detector thread of the JNI backend: holds its native {@code rk_thread} pointer, so an event is one JNI call with
 * no lookup. Every call runs the Java backend's checks first (liveness, then {@link Checks}), so the core never sees
 * a malformed argument or a freed pointer; a call that found a race ({@code RK_REPORTED}) drains the report queue
 * into the backend's sink before it returns. A sized access to an unmapped address, or one made while the thread
 * ignores, is settled in Java without a JNI call (the core would only count it, or drop it), as Go's race thunks
 * filter before they call the runtime.
 */
final class JniRaceThread extends NativeRaceThread<JniBackend> {
  private int ignoreDepth;
  /** The range of the last mapped access (ranges are never unmapped). */
  private long lastBase;
  private long lastSize;

  JniRaceThread(JniBackend backend, long pointer, long id) {
    super(backend, pointer, id);
  }

  /** Whether the sized access needs no call: the thread ignores, or the address is unmapped (counted here). */
  private boolean settledInJava(long addr) {
    if (ignoreDepth != 0) {
      return true;
    }
    if (Long.compareUnsigned(addr - lastBase, lastSize) < 0) {
      return false;
    }
    MappedLayout layout = backend.layout;
    int i = layout.find(addr);
    if (i < 0) {
      unmapped++;
      return true;
    }
    lastBase = layout.base(i);
    lastSize = layout.size(i);
    return false;
  }

  @Override
  public void read(long addr, long pc) {
    long t = pointer();
    if (settledInJava(addr)) {
      return;
    }
    done(JniNative.read(t, addr, 1, pc), "rk_read");
  }

  @Override
  public void write(long addr, long pc) {
    long t = pointer();
    if (settledInJava(addr)) {
      return;
    }
    done(JniNative.write(t, addr, 1, pc), "rk_write");
  }

  @Override
  public void read(long addr, int size, long pc) {
    long t = pointer();
    Checks.sized(addr, size);
    if (settledInJava(addr)) {
      return;
    }
    done(JniNative.read(t, addr, size, pc), "rk_read");
  }

  @Override
  public void write(long addr, int size, long pc) {
    long t = pointer();
    Checks.sized(addr, size);
    if (settledInJava(addr)) {
      return;
    }
    done(JniNative.write(t, addr, size, pc), "rk_write");
  }

  @Override
  public void atomicRead(long addr, int size, long pc) {
    long t = pointer();
    Checks.sized(addr, size);
    if (settledInJava(addr)) {
      return;
    }
    done(JniNative.atomicRead(t, addr, size, pc), "rk_access");
  }

  @Override
  public void atomicWrite(long addr, int size, long pc) {
    long t = pointer();
    Checks.sized(addr, size);
    if (settledInJava(addr)) {
      return;
    }
    done(JniNative.atomicWrite(t, addr, size, pc), "rk_access");
  }

  @Override
  public void readRange(long addr, long len, long pc) {
    long t = pointer();
    Checks.range(addr, len);
    done(JniNative.readRange(t, addr, len, pc), "rk_access_range");
  }

  @Override
  public void writeRange(long addr, long len, long pc) {
    long t = pointer();
    Checks.range(addr, len);
    done(JniNative.writeRange(t, addr, len, pc), "rk_access_range");
  }

  @Override
  public void funcEnter(long pc) {
    done(JniNative.funcEnter(pointer(), pc), "rk_func_enter");
  }

  @Override
  public void funcExit() {
    done(JniNative.funcExit(pointer()), "rk_func_exit");
  }

  @Override
  public void acquire(long sync) {
    done(JniNative.acquire(pointer(), sync), "rk_acquire");
  }

  @Override
  public void release(long sync) {
    done(JniNative.release(pointer(), sync), "rk_release");
  }

  @Override
  public void releaseMerge(long sync) {
    done(JniNative.releaseMerge(pointer(), sync), "rk_release_merge");
  }

  @Override
  public void ignoreBegin() {
    done(JniNative.ignoreBegin(pointer()), "rk_ignore_begin");
    ignoreDepth++;
  }

  @Override
  public void ignoreEnd() {
    done(JniNative.ignoreEnd(pointer()), "rk_ignore_end");
    ignoreDepth--;
  }

  @Override
  public void malloc(long addr, long size) {
    long t = pointer();
    Checks.range(addr, size);
    done(JniNative.malloc(t, addr, size), "rk_malloc");
  }

  @Override
  public void free(long addr, long size, long pc) {
    long t = pointer();
    Checks.range(addr, size);
    done(JniNative.free(t, addr, size, pc), "rk_free");
  }

  @Override
  public String toString() {
    return "RaceThread[" + id() + ", jni]";
  }
}
