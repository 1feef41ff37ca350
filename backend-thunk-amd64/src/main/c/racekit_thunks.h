/*
 * The amd64 entry thunks (thunks_amd64.S): the hot calls of racekit.h behind an address filter.
 * Arguments must already be validated (the Java side does it before every call); a filtered access is counted
 * in the thread head's unmapped counter and returns RK_OK, anything else returns what the core returns.
 */
#ifndef RACEKIT_THUNKS_H
#define RACEKIT_THUNKS_H

#include "racekit.h"

int rk_thunk_read(rk_thread *t, uint64_t addr, uint64_t size, uint64_t pc);
int rk_thunk_write(rk_thread *t, uint64_t addr, uint64_t size, uint64_t pc);
int rk_thunk_atomic_read(rk_thread *t, uint64_t addr, uint64_t size, uint64_t pc);
int rk_thunk_atomic_write(rk_thread *t, uint64_t addr, uint64_t size, uint64_t pc);
int rk_thunk_read_range(rk_thread *t, uint64_t addr, uint64_t len, uint64_t pc);
int rk_thunk_write_range(rk_thread *t, uint64_t addr, uint64_t len, uint64_t pc);
int rk_thunk_func_enter(rk_thread *t, uint64_t pc);
int rk_thunk_func_exit(rk_thread *t);

#endif /* RACEKIT_THUNKS_H */
