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
/* open_mapped with its main thread in *main and a thread main started at CHILD_PC in *child: most tests' cast. */
#define CHILD_PC 0x900
rk_detector *open_with_child(int history_size, rk_thread **main, rk_thread **child);
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
/* Drains what is queued now, for a thread that drains while others feed; reports are not decoded. */
void drain_raw(rk_detector *d);

/* Whether the n pcs of stack are want[0..want_n); when they are not, says which differs and fails the test. */
int stack_matches(const char *file, int line, const char *what, const uint64_t *stack, int64_t n, const uint64_t *want,
                  int64_t want_n);

/* CHECK_STACK(r.prev, 0xAAA, 0x20): the stack of an access_info or thread_info is exactly these pcs, innermost first. */
#define CHECK_STACK(info, ...)                                                                             \
  do {                                                                                                     \
    const uint64_t want_[] = {__VA_ARGS__};                                                                \
    if (!stack_matches(__FILE__, __LINE__, #info, (info).stack, (info).n, want_,                           \
                       (int64_t)(sizeof want_ / sizeof want_[0]))) {                                       \
      return;                                                                                              \
    }                                                                                                      \
  } while (0)

/* CHECK_REPORT(d, rk_write(m, a, 8, pc), &r): the call reports a race, whose report goes into r. */
#define CHECK_REPORT(d, call, r)                                                  \
  do {                                                                            \
    int64_t rc_ = (call);                                                         \
    if (rc_ != RK_REPORTED) {                                                     \
      rk_test_fail_eq(__FILE__, __LINE__, #call, "RK_REPORTED", rc_, RK_REPORTED); \
      return;                                                                     \
    }                                                                             \
    CHECK(next_report(d, r));                                                     \
  } while (0)

/* CHECK_ACCESS(r.prev, BASE, 8, RK_WRITE): a report's access: where, how many bytes, what kind. */
#define CHECK_ACCESS(info, addr_, size_, type_) \
  do {                                          \
    CHECK_EQ((info).addr, addr_);               \
    CHECK_EQ((info).size, size_);               \
    CHECK_EQ((info).type, type_);               \
  } while (0)

/* CHECK_THREAD(r.prev_thread, 2, 0, 0x901): a report's thread id, whether it runs, and its creation stack. */
#define CHECK_THREAD(info, id_, running_, ...) \
  do {                                         \
    CHECK_EQ((info).id, id_);                  \
    CHECK_EQ((info).running, running_);        \
    CHECK_STACK(info, __VA_ARGS__);            \
  } while (0)

#endif
