package dev.racekit.thunk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code rk_thunk_call}, the one ordinary downcall: it reaches each rare function by id, and only those. */
class ThunkDispatchTest implements RunsOnThunkPlatform {
  private static final long RK_EINVAL = -1;

  @Test
  void anUnknownIdCallsNothingAndSaysSo() {
    assertEquals(RK_EINVAL, ThunkLibrary.call(0, 0, 0, 0, 0));
    assertEquals(RK_EINVAL, ThunkLibrary.call(ThunkBindingsHeaderTest.callIds().size() + 1, 0, 0, 0, 0));
    assertEquals(RK_EINVAL, ThunkLibrary.call(-1, 0, 0, 0, 0));
  }

  @Test
  void idsReachTheirFunctionsWithTheirArgumentsAndResults() {
    assertEquals(ThunkBindings.ABI_VERSION, ThunkLibrary.call(ThunkBindings.CALL_ABI_VERSION, 0, 0, 0, 0));
    long d = ThunkLibrary.call(ThunkBindings.CALL_OPEN, 1, 0, 0, 0);
    try {
      long main = ThunkLibrary.call(ThunkBindings.CALL_MAIN_THREAD, d, 0, 0, 0);
      assertEquals(0, ThunkLibrary.call(ThunkBindings.CALL_THREAD_ID, main, 0, 0, 0), "the main thread is thread 0");
      assertEquals(RK_EINVAL, ThunkLibrary.call(ThunkBindings.CALL_THREAD_ID, 0, 0, 0, 0), "a null thread");
      assertEquals(0, ThunkLibrary.call(ThunkBindings.CALL_UNMAPPED_COUNT, d, 0, 0, 0));
      assertEquals(0, ThunkLibrary.call(ThunkBindings.CALL_MAP_SHADOW, d, 1L << 32, 1L << 20, 0));
      // an int result comes back sign-extended: a negative code stays negative (base not a multiple of 8)
      assertEquals(RK_EINVAL, ThunkLibrary.call(ThunkBindings.CALL_MAP_SHADOW, d, (1L << 40) + 1, 64, 0));
    } finally {
      ThunkLibrary.call(ThunkBindings.CALL_CLOSE, d, 0, 0, 0);
    }
  }
}
