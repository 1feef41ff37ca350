/* rk_thunk_call: the rare calls of racekit.h behind one entry point (racekit_thunks.h says why). */
#include "racekit_thunks.h"

#define D(x) ((rk_detector *)(uintptr_t)(x))
#define T(x) ((rk_thread *)(uintptr_t)(x))
#define U(x) ((uint64_t)(x))

int64_t rk_thunk_call(int64_t id, int64_t a, int64_t b, int64_t c, int64_t d) {
  switch (id) {
  case RK_CALL_ABI_VERSION:
    return rk_abi_version();
  case RK_CALL_LAYOUT:
    return rk_layout((int64_t *)(uintptr_t)a, (int)b);
  case RK_CALL_OPEN:
    return (int64_t)(uintptr_t)rk_open((int)a);
  case RK_CALL_CLOSE:
    rk_close(D(a));
    return 0;
  case RK_CALL_SHUTDOWN:
    rk_shutdown(D(a));
    return 0;
  case RK_CALL_THREAD_RELEASE:
    return rk_thread_release(D(a), T(b));
  case RK_CALL_MAIN_THREAD:
    return (int64_t)(uintptr_t)rk_main_thread(D(a));
  case RK_CALL_MAP_SHADOW:
    return rk_map_shadow(D(a), U(b), U(c));
  case RK_CALL_UNMAPPED_COUNT:
    return (int64_t)rk_unmapped_count(D(a));
  case RK_CALL_SHADOW_RESIDENT_BYTES:
    return (int64_t)rk_shadow_resident_bytes(D(a));
  case RK_CALL_SHADOW_CELLS:
    return (int64_t)rk_shadow_cells(D(a), U(b));
  case RK_CALL_THREAD_START:
    return rk_thread_start(D(a), T(b), U(c), (rk_thread **)(uintptr_t)d);
  case RK_CALL_THREAD_ID:
    return rk_thread_id(T(a));
  case RK_CALL_THREAD_CLOCK_LENGTH:
    return rk_thread_clock_length(T(a));
  case RK_CALL_THREAD_END:
    return rk_thread_end(D(a), T(b), (uint64_t *)(uintptr_t)c, d);
  case RK_CALL_THREAD_JOIN:
    return rk_thread_join(T(a), (const uint64_t *)(uintptr_t)b, c);
  case RK_CALL_MALLOC:
    return rk_malloc(T(a), U(b), U(c));
  case RK_CALL_FREE:
    return rk_free(T(a), U(b), U(c), U(d));
  case RK_CALL_NEXT_REPORT:
    return rk_next_report(D(a), (uint64_t *)(uintptr_t)b, c);
  default:
    return RK_EINVAL;
  }
}
