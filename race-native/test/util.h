/* Helpers shared by the tests: a detector with one mapped range, threads, and decoded reports. */
#ifndef RK_TEST_UTIL_H
#define RK_TEST_UTIL_H

#include "harness.h"
#include "racekit.h"
#include "rk_internal.h"

#define BASE 0x100000ull   /* the mapped range of open_mapped */
#define SIZE 0x10000ull
#define MAX_PCS 64

rk_detector *open_mapped(int history_size);
rk_thread *start(rk_detector *d, rk_thread *parent, uint64_t pc);
/* Ends child; when joiner is not NULL it joins child's final clock. */
void end_join(rk_detector *d, rk_thread *child, rk_thread *joiner);

typedef struct access_info {
  int64_t tid;
  uint64_t addr, size, type, restored;
  int64_t n;
  uint64_t stack[MAX_PCS];
} access_info;

typedef struct thread_info {
  int64_t id, running, n;
  uint64_t stack[MAX_PCS];
} thread_info;

typedef struct report {
  uint64_t kind;
  access_info cur, prev;
  thread_info cur_thread, prev_thread;
} report;

/* Takes the next report into *r: 1, or 0 when the queue is empty. */
int next_report(rk_detector *d, report *r);
/* Drains the queue; returns how many reports it held. */
int drain(rk_detector *d);

#endif
