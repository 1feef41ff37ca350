/*
 * The amd64 entry thunks (thunks_amd64.S), the hot calls of racekit.h for the thunk backend. Arguments must already
 * be validated (the Java side does it before every call). A sized access also comes classified: range is the index,
 * in mapping order, of the mapped range that holds addr, and the access is one the thread has not yet recorded; the
 * core checks only the thread's state and that range holds addr (RK_EINVAL otherwise, nothing touched). A range
 * access outside the mapped ranges' bounding box is counted in the thread head's unmapped counter and returns RK_OK.
 * Anything else returns what the core returns.
 */
#ifndef RACEKIT_THUNKS_H
#define RACEKIT_THUNKS_H

#include "racekit.h"

int rk_thunk_read(rk_thread *t, uint64_t addr, uint64_t size, uint64_t pc, uint64_t range);
int rk_thunk_write(rk_thread *t, uint64_t addr, uint64_t size, uint64_t pc, uint64_t range);
int rk_thunk_atomic_read(rk_thread *t, uint64_t addr, uint64_t size, uint64_t pc, uint64_t range);
int rk_thunk_atomic_write(rk_thread *t, uint64_t addr, uint64_t size, uint64_t pc, uint64_t range);
int rk_thunk_read_range(rk_thread *t, uint64_t addr, uint64_t len, uint64_t pc);
int rk_thunk_write_range(rk_thread *t, uint64_t addr, uint64_t len, uint64_t pc);
int rk_thunk_func_enter(rk_thread *t, uint64_t pc);
int rk_thunk_func_exit(rk_thread *t);

/*
 * The rare calls of racekit.h (lifecycle, threads, statistics, malloc/free, reports) through one entry point, so that
 * the Java side links a single downcall shape for all of them: each distinct shape costs the JVM milliseconds to link
 * at start-up. id names the function; a, b, c, d are its arguments in order (pointers and ints widened to 64 bits,
 * unused ones 0); the result is the function's, widened (a pointer as its address, void as 0). An unknown id returns
 * RK_EINVAL and calls nothing.
 */
enum rk_thunk_call_id {
  RK_CALL_ABI_VERSION = 1,
  RK_CALL_LAYOUT = 2,
  RK_CALL_OPEN = 3,
  RK_CALL_CLOSE = 4,
  RK_CALL_SHUTDOWN = 5,
  RK_CALL_THREAD_RELEASE = 6,
  RK_CALL_MAIN_THREAD = 7,
  RK_CALL_MAP_SHADOW = 8,
  RK_CALL_UNMAPPED_COUNT = 9,
  RK_CALL_SHADOW_RESIDENT_BYTES = 10,
  RK_CALL_SHADOW_CELLS = 11,
  RK_CALL_THREAD_START = 12,
  RK_CALL_THREAD_ID = 13,
  RK_CALL_THREAD_CLOCK_LENGTH = 14,
  RK_CALL_THREAD_END = 15,
  RK_CALL_THREAD_JOIN = 16,
  RK_CALL_MALLOC = 17,
  RK_CALL_FREE = 18,
  RK_CALL_NEXT_REPORT = 19
};

int64_t rk_thunk_call(int64_t id, int64_t a, int64_t b, int64_t c, int64_t d);

#endif /* RACEKIT_THUNKS_H */
