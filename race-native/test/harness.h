/* A tiny test harness: CHECK and CHECK_EQ end the current test on failure; tests.h lists every test. */
#ifndef RK_HARNESS_H
#define RK_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

void rk_test_fail(const char *file, int line, const char *what);
void rk_test_fail_eq(const char *file, int line, const char *a, const char *b, int64_t va, int64_t vb);

#define CHECK(cond)                                \
  do {                                             \
    if (!(cond)) {                                 \
      rk_test_fail(__FILE__, __LINE__, #cond);     \
      return;                                      \
    }                                              \
  } while (0)

#define CHECK_EQ(a, b)                                        \
  do {                                                        \
    int64_t a_ = (int64_t)(a), b_ = (int64_t)(b);             \
    if (a_ != b_) {                                           \
      rk_test_fail_eq(__FILE__, __LINE__, #a, #b, a_, b_);    \
      return;                                                 \
    }                                                         \
  } while (0)

/* For set-up steps that cannot fail unless the core is badly broken. */
#define NEED(cond)                                                         \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: set-up failed: %s\n", __FILE__, __LINE__, #cond); \
      abort();                                                             \
    }                                                                      \
  } while (0)

#endif
