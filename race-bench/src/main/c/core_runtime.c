/*
 * race-bench's core anchor: the event patterns of the TSan-runtime anchor (tsan_runtime.c) fed straight into
 * RaceKit's own native core (race-native, the library both native backends link) from C, with no JVM and no
 * binding. Beside the JMH rows it splits a native backend's cost per event into the core's (this) and the call
 * path's (the rest), and beside the TSan-runtime anchor it compares the two detector cores on the same streams.
 * Built by run-benchmarks.sh with gcc -O2 against race-native/build/librk_core.a.
 *
 * Patterns (ns per event, median of the repeats), each as the JMH benchmark of the same name feeds it:
 *   mixed1_ns  the MixedStream (runtime_driver.h, seed 42) on one detector thread, replayed
 *   mixed2_ns  the same on two detector threads fed by two OS threads at once (seeds 42 and 43); per thread
 *   warw_ns    WriteAfterReadBench: detector threads B and C read K words, A writes them, each round ordered by
 *              release/acquire, all three fed from one OS thread
 *   acqrel_ns  AcquireReleaseBench: acquire then release of one lock by the main thread, after three more
 *              threads were started; per event
 *   first_ns   FirstAccessBench: every 8-byte word of a 64 MiB range written once, in order, into shadow reset
 *              before the walk by 4 KiB mallocs
 *   mixed1_nolock_ns  the mixed stream with the lock events turned into reads (no epoch change)
 * A pattern that makes the core report a race prints error=... instead (every stream is race-free).
 *
 * Usage: core_runtime [passes, default 200] [repeats, default 5]. Prints key=value lines.
 *        core_runtime --digest SEED: prints the digest of the generated stream (no core call), as tsan_runtime does.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "racekit.h"
#include "timing.h"
#include "runtime_driver.h"

#define HISTORY_SIZE 1 /* the default of RaceOptions (history_size), as the JMH benchmarks run */

static int passes = 200;

static void check(int rc, const char *what) {
  if (rc != RK_OK) {
    fprintf(stderr, "core_runtime: %s failed (%d)\n", what, rc);
    exit(1);
  }
}

/* A race reported by a stream meant to be race-free makes the figure meaningless: say so and stop. */
static void expect_no_report(rk_detector *d, const char *pattern) {
  uint64_t buf[64];
  if (rk_next_report(d, buf, 64) != 0) {
    printf("error=the %s pattern made the core report a race\n", pattern);
    exit(1);
  }
}

static rk_thread *start_thread(rk_detector *d) {
  rk_thread *t;
  check(rk_thread_start(d, rk_main_thread(d), PC2, &t), "rk_thread_start");
  return t;
}

static void run_stream(rk_thread *t, const stream *s) {
  for (int i = 0; i < EVENTS; i++) {
    uint64_t a = (uint64_t)(uintptr_t)s->addr[i];
    switch (s->op[i]) {
      case READ: rk_access(t, a, 8, RK_READ, s->access_pc[i]); break;
      case WRITE: rk_access(t, a, 8, RK_WRITE, s->access_pc[i]); break;
      case ENTER: rk_func_enter(t, s->pc[i]); break;
      case EXIT: rk_func_exit(t); break;
      case ACQUIRE: rk_acquire(t, a); break;
      default: rk_release(t, a); break;
    }
  }
}

static void run_stream_ctx(void *ctx, const stream *s) { run_stream(ctx, s); }

static double mixed(const stream *streams, rk_thread **threads, int n) {
  void *ctx[MAX_STREAM_THREADS] = {threads[0], n > 1 ? threads[1] : NULL};
  return mixed_streams(streams, ctx, n, run_stream_ctx, passes);
}

static void map_stream(rk_detector *d, const stream *s) {
  check(rk_map_shadow(d, (uint64_t)(uintptr_t)s->words, (WORDS + 16) * sizeof(uint64_t)), "rk_map_shadow");
}

/* AcquireReleaseBench. */
#define PAIRS 512
#define BASE 0x1000000000ull /* Detectors.BASE: the synthetic addresses of the patterns below */

static double acqrel(rk_detector *d) {
  rk_thread *t = rk_main_thread(d);
  uint64_t lock = BASE + 0x200;
  long rounds = (long)passes * 20;
  double t0 = 0;
  for (long r = -rounds / 10; r < rounds; r++) {
    if (r == 0) t0 = now_ns();
    for (int i = 0; i < PAIRS; i++) {
      rk_acquire(t, lock);
      rk_release(t, lock);
    }
  }
  return (now_ns() - t0) / ((double)rounds * PAIRS * 2);
}

/* WriteAfterReadBench: A is the main thread, B and C its children; one round per iteration. */
#define K 256
static void war_round(rk_thread *a, rk_thread *b, rk_thread *c) {
  uint64_t words = BASE + 0x1000, sync_a = BASE + 0x100, sync_b = BASE + 0x108, sync_c = BASE + 0x110;
  for (int k = 0; k < K; k++) rk_access(b, words + 8ull * k, 8, RK_READ, PC);
  for (int k = 0; k < K; k++) rk_access(c, words + 8ull * k, 8, RK_READ, PC);
  rk_release(b, sync_b);
  rk_release(c, sync_c);
  rk_acquire(a, sync_b);
  rk_acquire(a, sync_c);
  for (int k = 0; k < K; k++) rk_access(a, words + 8ull * k, 8, RK_WRITE, PC2);
  rk_release(a, sync_a);
  rk_acquire(b, sync_a);
  rk_acquire(c, sync_a);
}

static double write_after_read(rk_thread *a, rk_thread *b, rk_thread *c) {
  long rounds = (long)passes * 100;
  for (long r = 0; r < rounds / 10; r++) war_round(a, b, c);
  double t0 = now_ns();
  for (long r = 0; r < rounds; r++) war_round(a, b, c);
  return (now_ns() - t0) / ((double)rounds * 3 * K);
}

/* FirstAccessBench: the range is only named by addresses; its shadow is what the walk touches. */
#define FIRST_BYTES (64ull << 20)
#define FIRST_CHUNK 4096ull
#define FIRST_BASE (BASE + (1ull << 30))

static void first_reset(rk_thread *t) {
  for (uint64_t off = 0; off < FIRST_BYTES; off += FIRST_CHUNK) rk_malloc(t, FIRST_BASE + off, FIRST_CHUNK);
}

static void first_walk(rk_thread *t) {
  for (uint64_t a = FIRST_BASE, end = FIRST_BASE + FIRST_BYTES; a < end; a += 8) rk_access(t, a, 8, RK_WRITE, PC);
}

static double first_access(rk_thread *t) {
  first_reset(t);
  first_walk(t); /* faults the shadow in: the figure is the cost of recording, not of the page faults */
  first_reset(t);
  double t0 = now_ns();
  first_walk(t);
  return (now_ns() - t0) / (double)(FIRST_BYTES / 8);
}

/* The streams, and each pattern's detector and threads (set up by main). */
static stream locked[2], unlocked[1];
static rk_detector *dm, *dn, *da, *dw, *df;
static rk_thread *mt[2], *nt[1], *wa, *wb, *wc, *ft;

static double measure(int pattern) {
  switch (pattern) {
    case MIXED1: return mixed(locked, mt, 1);
    case MIXED2: return mixed(locked, mt, 2);
    case MIXED1_NOLOCK: return mixed(unlocked, nt, 1);
    case ACQREL: return acqrel(da);
    case WARW: return write_after_read(wa, wb, wc);
    default: return first_access(ft);
  }
}

int main(int argc, char **argv) {
  int repeats;
  int status = driver_args(argc, argv, "core_runtime", &passes, &repeats);
  if (status >= 0) {
    return status;
  }
  make_streams(locked, unlocked);

  /* One detector per pattern, as each JMH benchmark opens its own. */
  dm = rk_open(HISTORY_SIZE);
  dn = rk_open(HISTORY_SIZE);
  da = rk_open(HISTORY_SIZE);
  dw = rk_open(HISTORY_SIZE);
  df = rk_open(HISTORY_SIZE);
  if (!dm || !dn || !da || !dw || !df) {
    fprintf(stderr, "core_runtime: rk_open failed\n");
    return 1;
  }
  map_stream(dm, &locked[0]);
  map_stream(dm, &locked[1]);
  map_stream(dn, &unlocked[0]);
  mt[0] = start_thread(dm);
  mt[1] = start_thread(dm);
  nt[0] = start_thread(dn);
  for (int i = 0; i < 3; i++) start_thread(da);
  check(rk_release(rk_main_thread(da), BASE + 0x200), "rk_release");
  check(rk_map_shadow(dw, BASE + 0x1000, 8 * K), "rk_map_shadow");
  wa = rk_main_thread(dw);
  wb = start_thread(dw);
  wc = start_thread(dw);
  check(rk_map_shadow(df, FIRST_BASE, FIRST_BYTES), "rk_map_shadow");
  ft = rk_main_thread(df);

  static double v[PATTERNS][MAX_REPEATS];
  measure_patterns(measure, repeats, v);
  expect_no_report(dm, "mixed stream");
  expect_no_report(dn, "mixed stream without locks");
  expect_no_report(da, "acquire+release");
  expect_no_report(dw, "write-after-read");
  expect_no_report(df, "first access");
  print_medians(v, repeats);
  return 0;
}
