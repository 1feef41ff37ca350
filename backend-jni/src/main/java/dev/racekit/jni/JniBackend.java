package dev.racekit.jni;

import dev.racekit.nativelib.MappedLayout;
import dev.racekit.nativelib.NativeBackend;
import dev.racekit.spi.BackendContext;

/**
 * One native detector ({@code rk_detector}) driven through JNI: {@link NativeBackend}'s bookkeeping with plain JNI
 * calls. Accesses and synchronization go straight from {@link JniRaceThread} to the core.
 */
public final class JniBackend extends NativeBackend<JniRaceThread> {
  /** The mapped ranges, for the threads' Java-side filter of unmapped accesses. */
  volatile MappedLayout layout = MappedLayout.EMPTY;

  JniBackend(BackendContext context) {
    super("JniBackend", context, JniNative::open, JniNative::close, JniBackend::releaseThread);
  }

  /** The cleaning action of an unreachable thread; static, so that it holds nothing but the pointers. */
  private static void releaseThread(long detector, long thread) {
    JniNative.threadRelease(detector, thread);
  }

  @Override
  protected JniRaceThread newThread(long pointer, long id) {
    return new JniRaceThread(this, pointer, id);
  }

  @Override
  protected long nativeMainThread(long detector) {
    return JniNative.mainThread(detector);
  }

  @Override
  protected long nativeThreadStart(long detector, long parent, long pc) {
    return JniNative.threadStart(detector, parent, pc);
  }

  @Override
  protected long nativeThreadId(long thread) {
    return JniNative.threadId(thread);
  }

  @Override
  protected long nativeClockLength(long thread) {
    return JniNative.threadClockLength(thread);
  }

  @Override
  protected long nativeThreadEnd(long detector, long thread, long[] clock) {
    return JniNative.threadEnd(detector, thread, clock);
  }

  @Override
  protected int nativeJoin(long thread, long[] clock) {
    return JniNative.threadJoin(thread, clock, clock.length);
  }

  @Override
  protected int nativeMapShadow(long detector, long base, long size) {
    return JniNative.mapShadow(detector, base, size);
  }

  @Override
  protected void mapped(long detector, long base, long size) {
    layout = layout.with(base, size);
  }

  @Override
  protected long nativeUnmappedCount(long detector) {
    return JniNative.unmappedCount(detector);
  }

  @Override
  protected long nativeShadowResidentBytes(long detector) {
    return JniNative.shadowResidentBytes(detector);
  }

  @Override
  protected long nativeNextReport(long detector, long[] out) {
    return JniNative.nextReport(detector, out);
  }

  @Override
  protected void nativeShutdown(long detector) {
    JniNative.shutdown(detector);
  }
}
