/*
 * The mixed stream of race-bench's JMH benchmarks (MixedStream.java), generated in C bit for bit: the same
 * java.util.SplittableRandom sequence from the same seed, so that the C drivers (tsan_runtime.c, core_runtime.c)
 * feed their runtime the very events the JMH benchmark feeds RaceKit's backends. Included by each driver, which is
 * built as one source file; race-bench's tests compare the digest with MixedStreamDigest's.
 */
#ifndef RACEKIT_BENCH_MIXED_STREAM_H
#define RACEKIT_BENCH_MIXED_STREAM_H

#include <stdint.h>
#include <stdlib.h>

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

#endif
