/*
 * What the core needs from the operating system, behind a few functions so that another OS needs only another
 * small file: virtual memory (reserve, zero, release, resident query) and yielding. Locks and bit tricks are
 * written here once on C11 atomics; no pthread symbol is used, so the library loads on older glibc.
 */
#ifndef RK_PLATFORM_H
#define RK_PLATFORM_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* ---- virtual memory (platform_posix.c, platform_win32.c) ---- */

/* Size of a page of virtual memory. */
size_t rk_vm_page_size(void);

/* Reserves len bytes of zeroed memory that use no physical memory until touched; NULL on failure. */
void *rk_vm_reserve(size_t len);

/* Releases what rk_vm_reserve returned. */
void rk_vm_release(void *p, size_t len);

/* Zeroes [p, p + len), page-aligned, giving its physical memory back. */
void rk_vm_zero(void *p, size_t len);
/* Makes the pages of [p, p + len) resident and writable ahead of use (a hint: may do nothing), so that their first
 * read does not map the shared zero page that the first write must then copy, flushing every CPU's TLB. */
void rk_vm_populate(void *p, size_t len);

/* Bytes of [p, p + len) (page-aligned start) that are resident now. */
uint64_t rk_vm_resident(void *p, size_t len);

/* Bytes at the start of [p, p + len) (page-aligned start) that are surely not resident, so still all zero: a
 * multiple of the page size, up to len rounded up; 0 when unknown. Lets a scan of a huge, mostly untouched shadow
 * skip what holds nothing without touching it. */
size_t rk_vm_absent_prefix(void *p, size_t len);

/* Lets another thread run (spin-lock back-off). */
void rk_yield(void);

/* ---- cache-line aligned memory ---- */

#define RK_CACHE_LINE 64

/* Zeroed memory that starts on a cache line and fills its last one (malloc aligns to 16 bytes only): for the
 * detector, whose sync-table stripes each take a line of their own, so that two threads locking neighbouring
 * stripes do not move one line between their cores. NULL on failure; freed with rk_free_lines. */
void *rk_calloc_lines(size_t size);
void rk_free_lines(void *p);

/* ---- locks: a test-and-test-and-set spin lock that yields; every lock in the core is held briefly ---- */

typedef struct rk_lock {
  atomic_int held;
} rk_lock;

static inline void rk_lock_init(rk_lock *l) { atomic_init(&l->held, 0); }

static inline void rk_lock_acquire(rk_lock *l) {
  for (int spins = 0;; spins++) {
    if (!atomic_exchange_explicit(&l->held, 1, memory_order_acquire)) {
      return;
    }
    while (atomic_load_explicit(&l->held, memory_order_relaxed)) {
      if (++spins > 64) {
        rk_yield();
      }
    }
  }
}

static inline void rk_lock_release(rk_lock *l) { atomic_store_explicit(&l->held, 0, memory_order_release); }

/* ---- relaxed access to plain uint64_t fields that the public header shares with assembly and other threads ---- */

static inline uint64_t rk_load_u64(const uint64_t *p) {
  return atomic_load_explicit((const _Atomic uint64_t *)p, memory_order_relaxed);
}

static inline void rk_store_u64(uint64_t *p, uint64_t v) {
  atomic_store_explicit((_Atomic uint64_t *)p, v, memory_order_relaxed);
}

/* ---- bit tricks ---- */

#if defined(__GNUC__) || defined(__clang__)
static inline int rk_ctz64(uint64_t x) { return __builtin_ctzll(x); } /* x != 0 */
static inline int rk_popcount64(uint64_t x) { return __builtin_popcountll(x); }
#else
static inline int rk_ctz64(uint64_t x) {
  int n = 0;
  while (!(x & 1)) {
    x >>= 1;
    n++;
  }
  return n;
}
static inline int rk_popcount64(uint64_t x) {
  int n = 0;
  for (; x; x &= x - 1) {
    n++;
  }
  return n;
}
#endif

#endif /* RK_PLATFORM_H */
