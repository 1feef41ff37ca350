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

#endif /* RACEKIT_THUNKS_H */
