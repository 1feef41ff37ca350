/*
 * The access path (Access.java: access, accessRange, malloc, free). It touches only the
 * thread's own state and shadow cells: relaxed loads, and one compare-and-swap per stored cell so that two threads
 * accessing one word at the same moment cannot miss each other (TSan's plain store may lose one of the two). No
 * lock is taken unless a race is reported.
 */
#include "rk_internal.h"

/* Checks.sized: 1, 2, 4 or 8 bytes inside one word (0x116 has bits 1, 2, 4 and 8 set). */
static inline bool bad_size(uint64_t addr, uint64_t size) {
  return size > 8 || ((0x116u >> size) & 1) == 0 || (addr & 7) + size > 8;
}

/* Checks.range: 0 <= len <= 2^40 and [addr, addr + len) does not wrap. */
static inline bool bad_range(uint64_t addr, uint64_t len) {
  return len > RK_MAX_ACCESS_RANGE || (len > 0 && addr + len - 1 < addr);
}

/*
 * Access.conflicts: whether the recorded access c races with the current one (cur_*): another thread's, at least
 * one a plain write (or a use after free), overlapping bytes, and not ordered before this thread's clock.
 */
static inline bool conflicts(const rk_thread *t, uint64_t c, uint64_t cur_mask, bool cur_read, bool cur_atomic) {
  if ((c & cur_mask) == 0) {
    return false;
  }
  uint32_t s = rk_cell_slot(c);
  if (c & RK_CELL_FREED) {
    return rk_clock_get(&t->clock, s) < rk_cell_epoch(c);
  }
  if (s == (uint32_t)t->slot) {
    return false;
  }
  bool c_read = (c & RK_CELL_READ) != 0;
  if ((c_read && cur_read) || ((c & RK_CELL_ATOMIC) != 0 && cur_atomic)) {
    return false;
  }
  return rk_clock_get(&t->clock, s) < rk_cell_epoch(c);
}

/*
 * Access.checkWord: compares cur with the word's cells and reports the first race (RK_REPORTED, or
 * RK_ENOMEM when the report could not be queued); otherwise stores cur when store is set: in the cell of the same
 * kind from this thread, else an empty one, else the one the thread's eviction counter picks.
 *
 * Two threads may check and store one word at the same moment. So that neither misses the other (a race must not
 * depend on timing), the store is a compare-and-swap against the cell as it was checked (a cell changed meanwhile:
 * check again), and after it the other cells are read again: of two such threads, the second to store sees the
 * first one's cell (the swap is a full barrier), and checks it like any other.
 */
static int check_word(rk_thread *t, rk_cell *cells, uint64_t word, uint64_t cur, uint64_t addr, uint64_t size,
                      int type, uint64_t pc, bool store) {
  uint64_t cur_mask = cur & RK_CELL_MASK;
  bool cur_read = (cur & RK_CELL_READ) != 0;
  bool cur_atomic = (cur & RK_CELL_ATOMIC) != 0;
  int evict = (int)(t->evictions & (RK_CELLS_PER_WORD - 1));
  for (;;) {
    int replace = -1;
    int empty = -1;
    uint64_t replace_seen = 0;
    uint64_t empty_seen = 0;
    uint64_t evict_seen = 0;
    for (int k = 0; k < RK_CELLS_PER_WORD; k++) {
      uint64_t c = atomic_load_explicit(&cells[k], memory_order_relaxed);
      if (k == evict) {
        evict_seen = c;
      }
      if (c == 0 || rk_cell_forgotten(t, c)) {
        if (empty < 0) {
          empty = k;
          empty_seen = c;
        }
        continue;
      }
      if (conflicts(t, c, cur_mask, cur_read, cur_atomic)) {
        return rk_report_race(t, c, word, addr, size, type, pc);
      }
      if (rk_cell_slot(c) == (uint32_t)t->slot && (c & RK_CELL_FREED) == 0 && (c & RK_CELL_MASK) == cur_mask
          && ((c & RK_CELL_ATOMIC) != 0) == cur_atomic && ((c & RK_CELL_READ) != 0 || !cur_read) && replace < 0) {
        replace = k;
        replace_seen = c;
      }
    }
    if (!store) {
      return RK_OK;
    }
    int k = replace >= 0 ? replace : empty >= 0 ? empty : evict;
    uint64_t expected = replace >= 0 ? replace_seen : empty >= 0 ? empty_seen : evict_seen;
    if (!atomic_compare_exchange_strong_explicit(&cells[k], &expected, cur, memory_order_seq_cst,
                                                 memory_order_relaxed)) {
      continue; /* another thread stored there since: check its access too */
    }
    if (replace < 0 && empty < 0) {
      t->evictions++;
    }
    /* A cell checked above gives the same answer again; one stored since is checked for the first time. */
    for (int j = 0; j < RK_CELLS_PER_WORD; j++) {
      uint64_t c = atomic_load_explicit(&cells[j], memory_order_seq_cst);
      if (j != k && c != 0 && !rk_cell_forgotten(t, c) && conflicts(t, c, cur_mask, cur_read, cur_atomic)) {
        return rk_report_race(t, c, word, addr, size, type, pc);
      }
    }
    return RK_OK;
  }
}

/* Access.forEachWord: every mapped word of [addr, addr + len), range by range; stops at the first race. */
static int for_each_word(rk_thread *t, const rk_ranges *rs, uint64_t addr, uint64_t len, int type, uint64_t pc,
                         bool store) {
  uint64_t last = addr + len - 1; /* inclusive, so a range that ends at the top of the address space does not wrap */
  uint64_t type_bits = rk_type_bits(type);
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
    bool at_start = true;
    for (;; word += 8, c += RK_CELLS_PER_WORD) {
      /* A check only (free): shadow pages that are not resident hold no cell to check. */
      if (!store && !rk_skip_absent_pages(&word, &c, last_word, at_start, page)) {
        break;
      }
      at_start = false;
      uint64_t first = word < lo ? lo : word;
      uint64_t end = word == last_word ? hi : word + 7; /* inclusive */
      uint64_t size = end - first + 1;
      uint64_t cur = rk_byte_mask(first, size) | type_bits | t->head.stamp;
      if (!(store
            && rk_already_recorded(atomic_load_explicit(&c[0], memory_order_relaxed),
                                   atomic_load_explicit(&c[1], memory_order_relaxed), cur))) {
        int rc = check_word(t, c, word, cur, first, size, type, pc, store);
        if (rc != RK_OK) {
          return rc;
        }
      }
      if (word == last_word) {
        break;
      }
    }
  }
  return RK_OK;
}

/*
 * check_word for the one word of a sized access, unrolled for its two cells and inline on the access path: the same
 * checks in the same order, the same cell chosen, the same compare-and-swap. After the swap only the other cell is
 * loaded again, and checked only when it changed (a cell seen before gives the same answer again). A failed swap
 * goes to check_word, which starts over.
 */
static RK_ALWAYS_INLINE int record_word(rk_thread *t, rk_cell *cells, uint64_t cur, uint64_t addr, uint64_t size,
                                        int type, uint64_t pc) {
  _Static_assert(RK_CELLS_PER_WORD == 2, "two cells per word");
  uint64_t cur_mask = cur & RK_CELL_MASK;
  bool cur_read = (cur & RK_CELL_READ) != 0;
  bool cur_atomic = (cur & RK_CELL_ATOMIC) != 0;
  uint64_t own = cur & ((uint64_t)(RK_MAX_SLOTS - 1) << RK_CELL_SLOT_SHIFT);
  const uint64_t owner_bits = ((uint64_t)(RK_MAX_SLOTS - 1) << RK_CELL_SLOT_SHIFT) | RK_CELL_FREED;
  uint64_t seen[2];
  int replace = -1;
  int empty = -1;
  for (int k = 0; k < 2; k++) {
    uint64_t c = atomic_load_explicit(&cells[k], memory_order_relaxed);
    seen[k] = c;
    if (c == 0 || rk_cell_forgotten(t, c)) {
      if (empty < 0) {
        empty = k;
      }
    } else if (conflicts(t, c, cur_mask, cur_read, cur_atomic)) {
      return rk_report_race(t, c, addr & ~7ull, addr, size, type, pc);
    } else if (replace < 0 && (c & owner_bits) == own && ((c ^ cur) & (RK_CELL_MASK | RK_CELL_ATOMIC)) == 0
               && ((c & RK_CELL_READ) != 0 || !cur_read)) {
      replace = k;
    }
  }
  int k = replace >= 0 ? replace : empty >= 0 ? empty : (int)(t->evictions & 1);
  uint64_t expected = seen[k];
  if (!atomic_compare_exchange_strong_explicit(&cells[k], &expected, cur, memory_order_seq_cst,
                                               memory_order_relaxed)) {
    return check_word(t, cells, addr & ~7ull, cur, addr, size, type, pc, true);
  }
  if (replace < 0 && empty < 0) {
    t->evictions++;
  }
  uint64_t other = atomic_load_explicit(&cells[1 - k], memory_order_seq_cst);
  if (other != seen[1 - k] && other != 0 && !rk_cell_forgotten(t, other)
      && conflicts(t, other, cur_mask, cur_read, cur_atomic)) {
    return rk_report_race(t, other, addr & ~7ull, addr, size, type, pc);
  }
  return RK_OK;
}

/* A sized access that is not yet recorded: into the thread's history, then checked against and stored in its word. */
static RK_ALWAYS_INLINE int record_access(rk_thread *t, rk_cell *c, uint64_t cur, uint64_t addr, uint64_t size,
                                          int type, uint64_t pc) {
  rk_history *h = &t->record->history;
  if (!rk_history_access_fits(h, type, addr, size, pc)) {
    int64_t depth;
    const uint64_t *stack = rk_thread_stack(t, &depth);
    int rc = rk_history_reserve(h, &t->d->lock, 3, depth);
    if (rc != RK_OK) {
      return rc;
    }
    rk_history_access(h, type, addr, size, pc, stack, depth, rk_thread_epoch(t));
  }
  return record_word(t, c, cur, addr, size, type, pc);
}

int rk_access(rk_thread *t, uint64_t addr, uint64_t size, uint64_t type, uint64_t pc) {
  int live = rk_live_check(t);
  if (live != RK_OK) {
    return live;
  }
  if (bad_size(addr, size) || type > RK_ATOMIC_WRITE) {
    return RK_EINVAL;
  }
  if (t->head.ignore_depth != 0) {
    return RK_OK;
  }
  rk_detector *d = t->d;
  const rk_range *r = rk_shadow_find(rk_ranges_of(d), addr);
  if (r == NULL) {
    rk_store_u64(&t->head.unmapped, t->head.unmapped + 1);
    return RK_OK;
  }
  rk_cell *c = rk_range_cells(r, addr);
  uint64_t cur = rk_byte_mask(addr, size) | rk_type_bits((int)type) | t->head.stamp;
  if (rk_already_recorded(atomic_load_explicit(&c[0], memory_order_relaxed),
                          atomic_load_explicit(&c[1], memory_order_relaxed), cur)) {
    return RK_OK;
  }
  return record_access(t, c, cur, addr, size, (int)type, pc);
}

int rk_access_mapped(rk_thread *t, uint64_t addr, uint64_t size, uint64_t pc, uint64_t range, uint64_t type) {
  int state = atomic_load_explicit(&t->state, memory_order_relaxed);
  if (state != RK_LIVE) {
    return rk_not_live(state);
  }
  rk_detector *d = t->d;
  if (range >= (uint64_t)atomic_load_explicit(&d->in_order_n, memory_order_acquire)) {
    return RK_EINVAL;
  }
  const rk_range *r = &d->in_order[range];
  if (addr - r->base >= r->size) { /* bounds the cell store below: O(1), not a lookup */
    return RK_EINVAL;
  }
  rk_cell *c = rk_range_cells(r, addr);
  uint64_t cur = rk_byte_mask(addr, size) | rk_type_bits((int)type) | t->head.stamp;
  return record_access(t, c, cur, addr, size, (int)type, pc);
}

int rk_read(rk_thread *t, uint64_t addr, uint64_t size, uint64_t pc) { return rk_access(t, addr, size, RK_READ, pc); }

int rk_write(rk_thread *t, uint64_t addr, uint64_t size, uint64_t pc) {
  return rk_access(t, addr, size, RK_WRITE, pc);
}

int rk_access_range(rk_thread *t, uint64_t addr, uint64_t len, uint64_t type, uint64_t pc) {
  int live = rk_live_check(t);
  if (live != RK_OK) {
    return live;
  }
  if (bad_range(addr, len) || (type != RK_READ && type != RK_WRITE)) {
    return RK_EINVAL;
  }
  if (t->head.ignore_depth != 0 || len == 0) {
    return RK_OK;
  }
  rk_detector *d = t->d;
  const rk_ranges *rs = rk_ranges_of(d);
  if (!rk_shadow_touches(rs, addr, len)) {
    rk_store_u64(&t->head.unmapped, t->head.unmapped + 1);
    return RK_OK;
  }
  rk_history *h = &t->record->history;
  int64_t depth;
  const uint64_t *stack = rk_thread_stack(t, &depth);
  int rc = rk_history_reserve(h, &d->lock, 3, depth);
  if (rc != RK_OK) {
    return rc;
  }
  rk_history_access(h, (int)type, addr, len, pc, stack, depth, rk_thread_epoch(t));
  return for_each_word(t, rs, addr, len, (int)type, pc, true);
}

/* malloc and ignored free: forget the history of every mapped word the range touches, and its sync objects. */
static void reset_range(rk_detector *d, uint64_t addr, uint64_t len) {
  if (len == 0) {
    return;
  }
  rk_shadow_clear(rk_ranges_of(d), addr, len);
  rk_sync_remove_range(&d->syncs, addr, len);
}

int rk_malloc(rk_thread *t, uint64_t addr, uint64_t len) {
  int live = rk_live_check(t);
  if (live != RK_OK) {
    return live;
  }
  if (bad_range(addr, len)) {
    return RK_EINVAL;
  }
  reset_range(t->d, addr, len); /* not subject to ignore, as in the Java backend */
  return RK_OK;
}

int rk_free(rk_thread *t, uint64_t addr, uint64_t len, uint64_t pc) {
  int live = rk_live_check(t);
  if (live != RK_OK) {
    return live;
  }
  if (bad_range(addr, len)) {
    return RK_EINVAL;
  }
  if (len == 0) {
    return RK_OK;
  }
  rk_detector *d = t->d;
  if (t->head.ignore_depth != 0) {
    reset_range(d, addr, len);
    return RK_OK;
  }
  const rk_ranges *rs = rk_ranges_of(d);
  int rc = RK_OK;
  if (rk_shadow_touches(rs, addr, len)) {
    rk_history *h = &t->record->history;
    int64_t depth;
    const uint64_t *stack = rk_thread_stack(t, &depth);
    rc = rk_history_reserve(h, &d->lock, 3, depth);
    if (rc != RK_OK) {
      return rc;
    }
    rk_history_access(h, RK_FREE, addr, len, pc, stack, depth, rk_thread_epoch(t));
    rc = for_each_word(t, rs, addr, len, RK_FREE, pc, false); /* checked like a write, nothing stored */
  }
  /* The freed marker: in cell 0 of the words of the first KiB and of every word with a cell; the others cleared. */
  rk_shadow_mark_freed(rs, addr, len, RK_CELL_FREED | t->head.stamp);
  rk_sync_remove_range(&d->syncs, addr, len);
  return rc;
}
