/*
 * Mapped ranges and their shadow (Shadow.java, ShadowRange.java): two cells per 8-byte word in one reservation per
 * range, which costs no memory until touched. Ranges are added rarely and read on every access, so they live in a
 * copy-on-write array published with release/acquire; a lookup is a short scan with no lock.
 */
#include <stdlib.h>
#include <string.h>

#include "rk_internal.h"

int rk_shadow_map(rk_detector *d, uint64_t base, uint64_t size) {
  if ((base & 7) != 0 || (size & 7) != 0 || size == 0 || size > RK_MAX_RANGE_SIZE || base + size - 1 < base) {
    return RK_EINVAL;
  }
  int rc = RK_OK;
  rk_lock_acquire(&d->lock);
  rk_ranges *old = atomic_load_explicit(&d->ranges, memory_order_relaxed);
  if (old->n >= RK_MAX_RANGES) {
    rc = RK_ERANGES;
  }
  for (int i = 0; rc == RK_OK && i < old->n; i++) {
    const rk_range *r = &old->r[i];
    bool disjoint = base + size - 1 < r->base || r->base + r->size - 1 < base;
    if (!disjoint) {
      rc = RK_EINVAL;
    }
  }
  rk_ranges *next = NULL;
  rk_cell *cells = NULL;
  size_t page = rk_vm_page_size();
  size_t bytes = (size_t)(size / 8 * RK_CELLS_PER_WORD * sizeof(rk_cell) + page - 1) & ~(page - 1);
  if (rc == RK_OK) {
    next = malloc(sizeof *next + (size_t)(old->n + 1) * sizeof(rk_range));
    cells = next == NULL ? NULL : rk_vm_reserve(bytes);
    if (cells == NULL) {
      free(next);
      rc = RK_ENOMEM;
    }
  }
  if (rc == RK_OK) {
    int at = 0; /* keep the array sorted by base, as Shadow.map does */
    while (at < old->n && old->r[at].base < base) {
      at++;
    }
    memcpy(next->r, old->r, (size_t)at * sizeof(rk_range));
    next->r[at] = (rk_range){.base = base, .size = size, .cells = cells, .shadow_bytes = bytes};
    memcpy(next->r + at + 1, old->r + at, (size_t)(old->n - at) * sizeof(rk_range));
    next->n = old->n + 1;
    next->retired = old; /* a reader may still scan it; freed at close */
    atomic_store_explicit(&d->ranges, next, memory_order_release);
    d->in_order[old->n] = next->r[at];
    atomic_store_explicit(&d->in_order_n, old->n + 1, memory_order_release);
    /* Ranges are disjoint, so the last one ends last; inclusive bounds, so the top of the address space fits. */
    const rk_range *top = &next->r[next->n - 1];
    rk_store_u64(&d->filter.lo, next->r[0].base);
    rk_store_u64(&d->filter.last, top->base + top->size - 1);
  }
  rk_lock_release(&d->lock);
  return rc;
}

/* At shutdown: the shadow's memory goes back to the OS, its address space stays, so a late access reads zeros. */
void rk_shadow_return(rk_detector *d) {
  const rk_ranges *rs = atomic_load_explicit(&d->ranges, memory_order_relaxed);
  for (int i = 0; i < rs->n; i++) {
    rk_vm_zero(rs->r[i].cells, rs->r[i].shadow_bytes);
  }
}

void rk_shadow_destroy(rk_detector *d) {
  rk_ranges *rs = atomic_load_explicit(&d->ranges, memory_order_relaxed);
  for (int i = 0; rs != NULL && i < rs->n; i++) {
    rk_vm_release(rs->r[i].cells, rs->r[i].shadow_bytes);
  }
  while (rs != NULL) {
    rk_ranges *older = rs->retired;
    free(rs);
    rs = older;
  }
  atomic_store_explicit(&d->ranges, NULL, memory_order_relaxed);
}

bool rk_shadow_touches(const rk_ranges *rs, uint64_t addr, uint64_t len) {
  uint64_t last = addr + len - 1;
  for (int i = 0; i < rs->n; i++) {
    const rk_range *r = &rs->r[i];
    if (addr <= r->base + r->size - 1 && last >= r->base) {
      return true;
    }
  }
  return false;
}

static void zero_cells_by_hand(rk_cell *c, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (atomic_load_explicit(&c[i], memory_order_relaxed) != 0) { /* reading an untouched page costs no memory */
      atomic_store_explicit(&c[i], 0, memory_order_relaxed);
    }
  }
}

/*
 * A cleared span of shadow this long or longer is handed back to the OS: a big allocation's memory should go back.
 * A shorter one of at least RK_POPULATE_MIN is made resident and zeroed in place: a page handed back, or never
 * touched, costs two faults at its next use (its first read maps the shared zero page, the first write copies it
 * and flushes every CPU's TLB), many times what zeroing it costs, and such spans (an agent's recycled and new array
 * blocks) are used again at once.
 */
#define RK_HAND_BACK_MIN ((size_t)16 << 20)
#define RK_POPULATE_MIN ((size_t)64 << 10)

/* Zeroes n cells; whole pages of a large span are handed back to the OS instead of written. */
static void zero_cells(rk_cell *c, size_t n) {
  size_t page = rk_vm_page_size();
  uintptr_t b = (uintptr_t)c;
  uintptr_t e = b + n * sizeof(rk_cell);
  uintptr_t pb = (b + page - 1) & ~(uintptr_t)(page - 1);
  uintptr_t pe = e & ~(uintptr_t)(page - 1);
  size_t whole = pe > pb ? pe - pb : 0; /* the whole pages of the span */
  if (whole >= RK_HAND_BACK_MIN) {
    zero_cells_by_hand(c, (pb - b) / sizeof(rk_cell));
    rk_vm_zero((void *)pb, whole);
    zero_cells_by_hand((rk_cell *)pe, (e - pe) / sizeof(rk_cell));
    return;
  }
  if (whole >= RK_POPULATE_MIN) {
    rk_vm_populate((void *)pb, whole);
  }
  zero_cells_by_hand(c, n);
}

uint64_t rk_shadow_absent_words(const rk_cell *c, uint64_t n) {
  const size_t word_bytes = RK_CELLS_PER_WORD * sizeof(rk_cell); /* divides the page size: a word never straddles */
  size_t page = rk_vm_page_size();
  uintptr_t b = (uintptr_t)c;
  uintptr_t pb = b & ~(uintptr_t)(page - 1);
  size_t absent = rk_vm_absent_prefix((void *)pb, (size_t)(b - pb) + (size_t)n * word_bytes);
  if (absent <= b - pb) {
    return 0;
  }
  uint64_t words = (absent - (b - pb)) / word_bytes;
  return words < n ? words : n;
}

/* Shadow.clear: per range, the words from the first to the last byte of [addr, addr + len) inside it. */
void rk_shadow_clear(const rk_ranges *rs, uint64_t addr, uint64_t len) {
  uint64_t last = addr + len - 1; /* inclusive, so a range that ends at the top of the address space does not wrap */
  for (int ri = 0; ri < rs->n; ri++) {
    const rk_range *r = &rs->r[ri];
    uint64_t lo, hi;
    if (!rk_range_clip(r, addr, last, &lo, &hi)) {
      continue;
    }
    uint64_t first_word = lo & ~7ull;
    uint64_t last_word = hi & ~7ull;
    rk_cell *c = rk_range_cells(r, first_word);
    zero_cells(c, (size_t)(((last_word - first_word) >> 3) + 1) * RK_CELLS_PER_WORD);
  }
}

static bool has_cell(rk_cell *c) {
  for (int k = 0; k < RK_CELLS_PER_WORD; k++) {
    if (atomic_load_explicit(&c[k], memory_order_relaxed) != 0) {
      return true;
    }
  }
  return false;
}

/* Shadow.markFreed: past the prefix, shadow pages that are not resident hold no cell and are skipped. */
void rk_shadow_mark_freed(const rk_ranges *rs, uint64_t addr, uint64_t len, uint64_t freed) {
  uint64_t last = addr + len - 1;
  uint64_t prefix_last = addr + (len < RK_FREE_MARKED_PREFIX ? len : RK_FREE_MARKED_PREFIX) - 1;
  size_t page = rk_vm_page_size();
  for (int ri = 0; ri < rs->n; ri++) {
    const rk_range *r = &rs->r[ri];
    uint64_t lo, hi;
    if (!rk_range_clip(r, addr, last, &lo, &hi)) {
      continue;
    }
    uint64_t last_word = hi & ~7ull;
    uint64_t word = lo & ~7ull;
    rk_cell *c = rk_range_cells(r, word);
    bool first = true;
    for (;; word += 8, c += RK_CELLS_PER_WORD) {
      bool in_prefix = word <= prefix_last;
      if (!in_prefix && !rk_skip_absent_pages(&word, &c, last_word, first, page)) {
        break;
      }
      first = false;
      if (in_prefix || has_cell(c)) {
        uint64_t from = word < lo ? lo : word;
        uint64_t to = word == last_word ? hi : word + 7;
        atomic_store_explicit(&c[0], freed | rk_byte_mask(from, to - from + 1), memory_order_relaxed);
        for (int k = 1; k < RK_CELLS_PER_WORD; k++) {
          atomic_store_explicit(&c[k], 0, memory_order_relaxed);
        }
      }
      if (word == last_word) {
        break;
      }
    }
  }
}

uint64_t rk_shadow_resident(const rk_ranges *rs) {
  uint64_t n = 0;
  for (int i = 0; i < rs->n; i++) {
    n += rk_vm_resident(rs->r[i].cells, rs->r[i].shadow_bytes);
  }
  return n;
}
