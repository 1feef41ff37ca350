/*
 * Windows: a sketch of the same functions on VirtualAlloc, not built or tested here. It needs MSVC 17.5+ with
 * /std:c11 /experimental:c11atomics (for stdatomic.h) or clang-cl, and psapi for QueryWorkingSetEx.
 */
#if defined(_WIN32)

#include <windows.h>
#include <psapi.h>
#include <malloc.h>
#include <string.h>

#include "platform.h"

size_t rk_vm_page_size(void) {
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  return si.dwPageSize;
}

void *rk_vm_reserve(size_t len) {
  /* No overcommit on Windows: committing charges the commit limit for the whole shadow, although untouched pages
   * still cost no physical memory. Reserving only would need commit-on-fault from a vectored exception handler. */
  return VirtualAlloc(NULL, len, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
}

void rk_vm_release(void *p, size_t len) {
  (void)len;
  if (p != NULL) {
    VirtualFree(p, 0, MEM_RELEASE);
  }
}

void rk_vm_zero(void *p, size_t len) {
  /* MEM_RESET keeps no guarantee of zeroes: decommit (frees the memory) and commit again (zero pages). */
  VirtualFree(p, len, MEM_DECOMMIT);
  if (VirtualAlloc(p, len, MEM_COMMIT, PAGE_READWRITE) == NULL) {
    SecureZeroMemory(p, len); /* not reached unless the commit limit is hit; then the pages were never freed */
  }
}

void rk_vm_populate(void *p, size_t len) {
  (void)p; /* committed pages read as zero and need no copy on first write: nothing to do */
  (void)len;
}

uint64_t rk_vm_resident(void *p, size_t len) {
  size_t page = rk_vm_page_size();
  size_t pages = (len + page - 1) / page;
  enum { CHUNK = 1024 };
  PSAPI_WORKING_SET_EX_INFORMATION info[CHUNK];
  uint64_t resident = 0;
  for (size_t done = 0; done < pages;) {
    size_t n = pages - done < CHUNK ? pages - done : CHUNK;
    for (size_t i = 0; i < n; i++) {
      info[i].VirtualAddress = (char *)p + (done + i) * page;
    }
    if (QueryWorkingSetEx(GetCurrentProcess(), info, (DWORD)(n * sizeof info[0]))) {
      for (size_t i = 0; i < n; i++) {
        resident += info[i].VirtualAttributes.Valid;
      }
    }
    done += n;
  }
  return resident * page;
}

size_t rk_vm_absent_prefix(void *p, size_t len) {
  (void)p;
  (void)len;
  return 0; /* unknown: every page is scanned, which gives the same result, only slower */
}

void rk_yield(void) { SwitchToThread(); }

void *rk_calloc_lines(size_t size) {
  size_t rounded = (size + RK_CACHE_LINE - 1) & ~(size_t)(RK_CACHE_LINE - 1);
  if (rounded < size) {
    return NULL;
  }
  void *p = _aligned_malloc(rounded == 0 ? RK_CACHE_LINE : rounded, RK_CACHE_LINE);
  if (p != NULL) {
    memset(p, 0, rounded);
  }
  return p;
}

void rk_free_lines(void *p) { _aligned_free(p); }

#endif /* _WIN32 */
