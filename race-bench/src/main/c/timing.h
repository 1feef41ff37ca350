/*
 * What both anchors (anchor.c, tsan_runtime.c) time with: a monotonic clock in nanoseconds and the median of the
 * repeats. Each anchor is built as one source file; this header sits beside them and is included after their
 * feature-test macros.
 */
#ifndef RACEKIT_BENCH_TIMING_H
#define RACEKIT_BENCH_TIMING_H

#include <stdlib.h>
#include <time.h>

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Sorts v in place. */
static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, compare);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#endif
