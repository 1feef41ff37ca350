/*
 * What the two runtime drivers (tsan_runtime.c: ThreadSanitizer's runtime; core_runtime.c: RaceKit's native core)
 * share, so that both feed their runtime the same events and report them alike: the mixed stream of race-bench's
 * JMH benchmarks (MixedStream.java) generated in C bit for bit (the same java.util.SplittableRandom sequence from
 * the same seed; race-bench's tests compare the digest with MixedStreamDigest's), the harness that replays it on one
 * OS thread per stream as JMH times MixedBench, the command line, and the patterns' medians printed as key=value
 * lines. Included by each driver, which is built as one source file.
 */
#ifndef RACEKIT_BENCH_RUNTIME_DRIVER_H
#define RACEKIT_BENCH_RUNTIME_DRIVER_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timing.h"

#define EVENTS 10000
#define WORDS 4096
#define MAX_DEPTH 16
#define PC 0x401000UL  /* Detectors.PC: access pcs */
#define PC2 0x402000UL /* Detectors.PC2: call-site pcs */

enum { READ, WRITE, ENTER, EXIT, ACQUIRE, RELEASE };

/* java.util.SplittableRandom, bit for bit, so that the C stream is the JMH stream. */
typedef struct {
  uint64_t seed;
} splittable;
#define GOLDEN_GAMMA 0x9e3779b97f4a7c15ULL

static uint64_t next_seed(splittable *r) { return r->seed += GOLDEN_GAMMA; }
static uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
static int32_t mix32(uint64_t z) {
  z = (z ^ (z >> 33)) * 0x62a9d9ed799705f5ULL;
  return (int32_t)(((z ^ (z >> 28)) * 0xcb24d0a5c88c35b3ULL) >> 32);
}
static int32_t next_int(splittable *r) { return mix32(next_seed(r)); }
static int32_t next_bounded(splittable *r, int32_t bound) { /* RandomSupport.boundedNextInt */
  int32_t x = next_int(r);
  int32_t m = bound - 1;
  if ((bound & m) == 0) return x & m;
  for (uint32_t u = (uint32_t)x >> 1; (int32_t)(u + (uint32_t)m - (uint32_t)(x = (int32_t)(u % (uint32_t)bound))) < 0;
       u = (uint32_t)next_int(r) >> 1) {
  }
  return x;
}
static double next_double(splittable *r) { return (double)(mix64(next_seed(r)) >> 11) * 0x1.0p-53; }
static int next_boolean(splittable *r) { return next_int(r) < 0; }

typedef struct {
  uint8_t op[EVENTS];
  uint64_t *addr[EVENTS]; /* word (accesses) or lock (acquire/release) */
  uintptr_t pc[EVENTS];   /* call-site pc (entry) */
  uint64_t access_pc[EVENTS]; /* the access's pc (TSan's entry points take the caller's pc implicitly) */
  uint64_t *words;
  uint64_t *lock;
} stream;

/* MixedStream's constructor; with_locks 0 turns the lock events into reads (no epoch change). */
static void make_stream(stream *s, uint64_t seed, int with_locks) {
  s->words = calloc(WORDS + 16, sizeof(uint64_t));
  s->lock = s->words + WORDS + 8;
  splittable rnd = {seed};
  int depth = 0;
  for (int i = 0; i < EVENTS; i++) {
    int slot = next_bounded(&rnd, WORDS);
    s->access_pc[i] = PC + 4UL * (uint64_t)next_bounded(&rnd, 256);
    s->pc[i] = 0;
    if (i % 100 == 98 || i % 100 == 99) {
      s->op[i] = with_locks ? (i % 100 == 98 ? ACQUIRE : RELEASE) : READ;
      s->addr[i] = with_locks ? s->lock : s->words + slot;
      continue;
    }
    double r = next_double(&rnd);
    if (r < 0.70) {
      s->op[i] = READ;
      s->addr[i] = s->words + slot;
    } else if (r < 0.90) {
      s->op[i] = WRITE;
      s->addr[i] = s->words + slot;
    } else if (depth == 0 || (depth < MAX_DEPTH && next_boolean(&rnd))) {
      s->op[i] = ENTER;
      s->pc[i] = PC2 + 16UL * (uintptr_t)next_bounded(&rnd, 64);
      depth++;
    } else {
      s->op[i] = EXIT;
      depth--;
    }
  }
  for (int i = EVENTS - 1; depth > 0; i--) {
    if (s->op[i] == READ) {
      s->op[i] = EXIT;
      depth--;
    }
  }
}

/* Folds op, word index (accesses) and call-site pc (entries) of every event, as MixedStreamDigest does in Java. */
static uint64_t digest(const stream *s) {
  uint64_t h = 0;
  for (int i = 0; i < EVENTS; i++) {
    uint64_t word = s->op[i] <= WRITE ? (uint64_t)(s->addr[i] - s->words) : 0;
    h = h * 31 + (uint64_t)s->op[i] * 7 + word + s->pc[i];
  }
  return h;
}

/* Replays one stream into the driver's runtime; ctx is the driver's own (its detector thread, or nothing). */
typedef void (*stream_runner)(void *ctx, const stream *s);

#define MAX_STREAM_THREADS 2

typedef struct {
  const stream *s;
  stream_runner run;
  void *ctx;
  int passes;
  pthread_barrier_t *start;
  double ns;
} mixed_job;

/* One OS thread replaying its stream: a warm-up pass, then `passes` timed passes; ns per event into job->ns. */
static void *mixed_thread(void *arg) {
  mixed_job *job = arg;
  job->run(job->ctx, job->s);
  if (job->start) pthread_barrier_wait(job->start);
  double t0 = now_ns();
  for (int p = 0; p < job->passes; p++) job->run(job->ctx, job->s);
  job->ns = (now_ns() - t0) / ((double)job->passes * EVENTS);
  return NULL;
}

/* streams[i] replayed with ctx[i] on an OS thread of its own, n (1..MAX_STREAM_THREADS) at once after their
 * warm-up; ns per event per thread, averaged as JMH averages its threads. */
static double mixed_streams(const stream *streams, void *const *ctx, int n, stream_runner run, int passes) {
  pthread_t tid[MAX_STREAM_THREADS];
  mixed_job job[MAX_STREAM_THREADS];
  pthread_barrier_t start;
  pthread_barrier_init(&start, NULL, (unsigned)n);
  for (int i = 0; i < n; i++) {
    job[i] = (mixed_job){&streams[i], run, ctx[i], passes, n > 1 ? &start : NULL, 0};
    pthread_create(&tid[i], NULL, mixed_thread, &job[i]);
  }
  double sum = 0;
  for (int i = 0; i < n; i++) {
    pthread_join(tid[i], NULL);
    sum += job[i].ns;
  }
  pthread_barrier_destroy(&start);
  return sum / n;
}

#define MAX_REPEATS 99

/*
 * The drivers' command line: "--digest SEED" prints the digest of that seed's stream; otherwise [passes, default
 * 200] [repeats, default 5, at most MAX_REPEATS]. Returns the exit status to end with, or -1 to go on measuring.
 */
static int driver_args(int argc, char **argv, const char *name, int *passes, int *repeats) {
  if (argc == 3 && strcmp(argv[1], "--digest") == 0) {
    static stream s;
    make_stream(&s, strtoull(argv[2], NULL, 10), 1);
    printf("%llu\n", (unsigned long long)digest(&s));
    return 0;
  }
  *passes = argc > 1 ? atoi(argv[1]) : 200;
  *repeats = argc > 2 ? atoi(argv[2]) : 5;
  if (*passes <= 0 || *repeats <= 0 || *repeats > MAX_REPEATS) {
    fprintf(stderr, "usage: %s [passes > 0] [repeats 1..%d]\n", name, MAX_REPEATS);
    return 2;
  }
  return -1;
}

/* The streams every driver replays: seeds 42 and 43 with their locks, and seed 42 with its lock events as reads. */
static void make_streams(stream locked[2], stream unlocked[1]) {
  make_stream(&locked[0], 42, 1);
  make_stream(&locked[1], 43, 1);
  make_stream(&unlocked[0], 42, 0);
}

/* The patterns every driver measures, in the order of its output: the keys run-benchmarks.sh prefixes and reads. */
enum { MIXED1, MIXED2, MIXED1_NOLOCK, ACQREL, WARW, FIRST, PATTERNS };
static const char *const PATTERN_KEYS[PATTERNS] = {"mixed1_ns", "mixed2_ns", "mixed1_nolock_ns", "acqrel_ns",
                                                   "warw_ns", "first_ns"};

/* measure(pattern), every pattern in turn, repeats times over: v[pattern][repeat] in ns per event. */
static void measure_patterns(double (*measure)(int pattern), int repeats, double v[PATTERNS][MAX_REPEATS]) {
  for (int r = 0; r < repeats; r++) {
    for (int p = 0; p < PATTERNS; p++) {
      v[p][r] = measure(p);
    }
  }
}

/* Each pattern's median as key=value (sorts each row of v in place). */
static void print_medians(double v[PATTERNS][MAX_REPEATS], int repeats) {
  for (int p = 0; p < PATTERNS; p++) {
    printf("%s=%.3f\n", PATTERN_KEYS[p], median(v[p], repeats));
  }
}

#endif
