/* Linux and other POSIX systems: anonymous mappings, madvise/mincore, sched_yield. */
#if !defined(_WIN32)

#define _DEFAULT_SOURCE 1 /* mincore, madvise, MAP_ANONYMOUS and MAP_NORESERVE under -std=c11 */

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "platform.h"

#ifndef MAP_NORESERVE
#define MAP_NORESERVE 0 /* the BSDs and macOS never reserve swap for anonymous memory */
#endif

size_t rk_vm_page_size(void) {
  static size_t page;
  if (page == 0) {
    long p = sysconf(_SC_PAGESIZE);
    page = p > 0 ? (size_t)p : 4096;
  }
  return page;
}

void *rk_vm_reserve(size_t len) {
  /* NORESERVE: the shadow of a 64 GiB range is 128 GiB of address space, and only touched pages cost memory. */
  void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

void rk_vm_release(void *p, size_t len) {
  if (p != NULL) {
    munmap(p, len);
  }
}

void rk_vm_zero(void *p, size_t len) {
#if defined(__linux__)
  /* Private anonymous pages read back as zero after MADV_DONTNEED, and their memory is freed. */
  if (madvise(p, len, MADV_DONTNEED) == 0) {
    return;
  }
#endif
  /* Elsewhere MADV_DONTNEED may keep the contents: map fresh zero pages over the range instead. */
  if (mmap(p, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0)
      == MAP_FAILED) {
    volatile unsigned char *b = p; /* last resort: zero by hand (touches the pages) */
    for (size_t i = 0; i < len; i++) {
      b[i] = 0;
    }
  }
}

void rk_vm_populate(void *p, size_t len) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  (void)madvise(p, len, MADV_POPULATE_WRITE); /* Linux 5.14+; an older kernel says EINVAL: the pages fault in as usual */
#else
  (void)p;
  (void)len;
#endif
}

uint64_t rk_vm_resident(void *p, size_t len) {
  size_t page = rk_vm_page_size();
  size_t pages = (len + page - 1) / page;
  enum { CHUNK = 1 << 14 }; /* pages per mincore call: bounded scratch for a 128 GiB shadow */
#if defined(__linux__)
  unsigned char vec[CHUNK];
#else
  char vec[CHUNK];
#endif
  uint64_t resident = 0;
  for (size_t done = 0; done < pages;) {
    size_t n = pages - done < CHUNK ? pages - done : CHUNK;
    if (mincore((char *)p + done * page, n * page, vec) == 0) {
      for (size_t i = 0; i < n; i++) {
        resident += vec[i] & 1;
      }
    }
    done += n;
  }
  return resident * page;
}

size_t rk_vm_absent_prefix(void *p, size_t len) {
  size_t page = rk_vm_page_size();
  size_t pages = (len + page - 1) / page;
  enum { CHUNK = 1 << 12 };
#if defined(__linux__)
  unsigned char vec[CHUNK];
#else
  char vec[CHUNK];
#endif
  size_t done = 0;
  /* Chunks grow from one page, so a resident first page costs one small query. */
  for (size_t n = 1; done < pages; n = n * 2 < CHUNK ? n * 2 : CHUNK) {
    if (n > pages - done) {
      n = pages - done;
    }
    if (mincore((char *)p + done * page, n * page, vec) != 0) {
      return done * page;
    }
    for (size_t i = 0; i < n; i++) {
      if (vec[i] & 1) {
        return (done + i) * page;
      }
    }
    done += n;
  }
  return done * page;
}

void rk_yield(void) { sched_yield(); }

void *rk_calloc_lines(size_t size) {
  size_t rounded = (size + RK_CACHE_LINE - 1) & ~(size_t)(RK_CACHE_LINE - 1);
  if (rounded < size) {
    return NULL;
  }
  void *p = aligned_alloc(RK_CACHE_LINE, rounded == 0 ? RK_CACHE_LINE : rounded);
  if (p != NULL) {
    memset(p, 0, rounded);
  }
  return p;
}

void rk_free_lines(void *p) { free(p); }

#endif /* !_WIN32 */
