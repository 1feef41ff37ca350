/* Detector lifecycle and the public odds and ends: version, layout, mapping, counters. */
#include <stdlib.h>

#include "rk_internal.h"

int rk_abi_version(void) { return RK_ABI_VERSION; }

int rk_layout(int64_t *out, int cap) {
  const int64_t facts[] = {RK_THREAD_FILTER_OFFSET, RK_THREAD_UNMAPPED_OFFSET, RK_THREAD_IGNORE_OFFSET,
                           (int64_t)sizeof(rk_filter), RK_THREAD_STAMP_OFFSET, RK_SHADOW_CELLS_PER_WORD};
  int n = (int)(sizeof facts / sizeof facts[0]);
  for (int i = 0; out != NULL && i < n && i < cap; i++) {
    out[i] = facts[i];
  }
  return n;
}

rk_detector *rk_open(int history_size) {
  if (history_size < 0 || history_size > 7) {
    return NULL;
  }
  rk_detector *d = rk_calloc_lines(sizeof *d);
  rk_ranges *none = calloc(1, sizeof *none);
  if (d == NULL || none == NULL) {
    rk_free_lines(d);
    free(none);
    return NULL;
  }
  d->pass_all.lo = 0; /* lets every address through */
  d->pass_all.last = UINT64_MAX;
  d->filter.lo = UINT64_MAX; /* nothing mapped yet: nothing passes */
  d->filter.last = 0;
  atomic_init(&d->ranges, none);
  atomic_init(&d->closed, false);
  rk_lock_init(&d->lock);
  rk_lock_init(&d->reports.lock);
  rk_sync_init(&d->syncs);
  d->history_size = history_size;
  if (rk_slots_init(&d->slots) != RK_OK || rk_thread_create(d, NULL, 0, &d->main) != RK_OK) {
    rk_close(d);
    return NULL;
  }
  return d;
}

void rk_shutdown(rk_detector *d) {
  if (d == NULL) {
    return;
  }
  rk_lock_acquire(&d->lock);
  if (!atomic_load_explicit(&d->closed, memory_order_relaxed)) {
    atomic_store_explicit(&d->closed, true, memory_order_relaxed);
    for (rk_thread *t = d->live; t != NULL; t = t->next_live) {
      atomic_store_explicit(&t->state, RK_CLOSED, memory_order_relaxed);
    }
    rk_shadow_return(d);
  }
  rk_lock_release(&d->lock);
  rk_reports_destroy(&d->reports);
}

/* Nothing runs any more: every thread still allocated goes, then what they used. */
void rk_close(rk_detector *d) {
  if (d == NULL) {
    return;
  }
  rk_thread *lists[] = {d->live, d->ended};
  for (int i = 0; i < 2; i++) {
    for (rk_thread *t = lists[i], *next; t != NULL; t = next) {
      next = t->next_live;
      rk_thread_free(t);
    }
  }
  rk_slots_destroy(&d->slots); /* and with it every thread record */
  rk_part_pool_destroy(&d->parts);
  rk_sync_destroy(&d->syncs);
  rk_shadow_destroy(d);
  rk_reports_destroy(&d->reports);
  rk_free_lines(d);
}

rk_thread *rk_main_thread(rk_detector *d) { return d == NULL ? NULL : d->main; }

int rk_map_shadow(rk_detector *d, uint64_t base, uint64_t size) {
  if (d == NULL) {
    return RK_EINVAL;
  }
  return atomic_load_explicit(&d->closed, memory_order_relaxed) ? RK_ECLOSED : rk_shadow_map(d, base, size);
}

uint64_t rk_unmapped_count(rk_detector *d) {
  if (d == NULL) {
    return 0;
  }
  rk_lock_acquire(&d->lock);
  uint64_t n = d->ended_unmapped;
  for (rk_thread *t = d->live; t != NULL; t = t->next_live) {
    n += rk_load_u64(&t->head.unmapped); /* live threads may be counting right now */
  }
  rk_lock_release(&d->lock);
  return n;
}

uint64_t rk_shadow_resident_bytes(rk_detector *d) { return d == NULL ? 0 : rk_shadow_resident(rk_ranges_of(d)); }

uint64_t rk_shadow_cells(rk_detector *d, uint64_t base) {
  const rk_ranges *rs = d == NULL ? NULL : rk_ranges_of(d);
  for (int i = 0; rs != NULL && i < rs->n; i++) {
    if (rs->r[i].base == base) {
      return (uint64_t)(uintptr_t)rs->r[i].cells;
    }
  }
  return 0;
}
