/*
 * race-bench's ThreadSanitizer anchor: the same access loop as the JMH benchmarks, in C, built twice by
 * run-benchmarks.sh (gcc -O2, and gcc -O2 -fsanitize=thread), so that the report shows what ThreadSanitizer itself
 * adds to one 8-byte access on this machine: cost = (time with TSan) - (time without).
 *
 * Each loop does plain 8-byte loads (or stores) over a small array that stays in L1, one thread, so every access
 * after the first round is TSan's hot case (the same thread, nothing new to record), like the Java hot read. An
 * empty asm statement with a memory clobber after each access keeps the compiler from hoisting, merging or
 * deleting accesses, without making them volatile (gcc instruments volatile accesses differently).
 *
 * Usage: anchor [iterations, default 200000000] [repeats, default 5]. Prints key=value lines (median of the
 * repeats, ns per access): load_ns, store_ns, load1_ns (the same word every time).
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "timing.h"

#define WORDS 64 /* 512 bytes */
#define MAX_REPEATS 99

static uint64_t array[WORDS];

__attribute__((noinline)) static uint64_t loads(uint64_t *p, long n) {
  uint64_t sum = 0;
  for (long i = 0; i < n; i++) {
    sum += p[i & (WORDS - 1)];
    __asm__ volatile("" ::: "memory");
  }
  return sum;
}

__attribute__((noinline)) static uint64_t loads_same_word(uint64_t *p, long n) {
  uint64_t sum = 0;
  for (long i = 0; i < n; i++) {
    sum += p[7];
    __asm__ volatile("" ::: "memory");
  }
  return sum;
}

__attribute__((noinline)) static void stores(uint64_t *p, long n) {
  for (long i = 0; i < n; i++) {
    p[i & (WORDS - 1)] = (uint64_t)i;
    __asm__ volatile("" ::: "memory");
  }
}

static volatile uint64_t sink;

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200000000L;
  int repeats = argc > 2 ? atoi(argv[2]) : 5;
  if (n <= 0 || repeats <= 0 || repeats > MAX_REPEATS) {
    fprintf(stderr, "usage: anchor [iterations > 0] [repeats 1..%d]\n", MAX_REPEATS);
    return 2;
  }
  double load[MAX_REPEATS], load1[MAX_REPEATS], store[MAX_REPEATS];
  /* Warm-up: page in the array, let TSan record every word, settle the CPU clock. */
  stores(array, n / 10);
  sink = loads(array, n / 10);
  for (int r = 0; r < repeats; r++) {
    double t0 = now_ns();
    sink = loads(array, n);
    double t1 = now_ns();
    sink = loads_same_word(array, n);
    double t2 = now_ns();
    stores(array, n);
    double t3 = now_ns();
    load[r] = (t1 - t0) / (double)n;
    load1[r] = (t2 - t1) / (double)n;
    store[r] = (t3 - t2) / (double)n;
  }
  printf("load_ns=%.3f\n", median(load, repeats));
  printf("store_ns=%.3f\n", median(store, repeats));
  printf("load1_ns=%.3f\n", median(load1, repeats));
  return 0;
}
