/*
 * Report building and the report queue (Report.java). A report is flattened into uint64s as racekit.h
 * describes and queued in native memory; rk_next_report drains it. The core never calls back into Java.
 */
#include <stdlib.h>
#include <string.h>

#include "rk_internal.h"

static void enqueue(rk_report_queue *q, rk_report_node *n) {
  n->next = NULL;
  rk_lock_acquire(&q->lock);
  if (q->tail != NULL) {
    q->tail->next = n;
  } else {
    q->head = n;
  }
  q->tail = n;
  rk_lock_release(&q->lock);
}

/*
 * The previous access is the earlier cell: its address is the first byte of its mask, its size the bytes in the
 * mask. The slot journal names its thread, if still remembered, and that thread's history rebuilds its stack if
 * still there. Runs under the detector lock, which keeps the journal's records and history buffers alive.
 */
int rk_report_race(rk_thread *t, uint64_t prev, uint64_t word, uint64_t addr, uint64_t size, int type, uint64_t pc) {
  rk_detector *d = t->d;
  uint32_t prev_slot = rk_cell_slot(prev);
  uint64_t prev_epoch = rk_cell_epoch(prev);
  uint64_t prev_mask = prev & RK_CELL_MASK;
  uint64_t prev_addr = word + (uint64_t)rk_ctz64(prev_mask);
  int prev_type = rk_cell_type(prev);
  rk_pcs prev_stack = {0};
  int rc = RK_REPORTED;

  rk_lock_acquire(&d->lock);
  rk_record *owner = rk_slots_owner(&d->slots, prev_slot, prev_epoch);
  int restored = owner == NULL ? 0
                                : rk_history_restore(&owner->history, prev_epoch, prev_addr,
                                                     (uint64_t)rk_popcount64(prev_mask), prev_type, &prev_stack);
  if (restored < 0) {
    rc = restored;
  }
  int64_t depth;
  const uint64_t *stack = rk_thread_stack(t, &depth);
  int64_t c_len = depth + 1;
  int64_t p_len = restored == 1 ? prev_stack.len : 0;
  int64_t x_len = t->record->creation_len;
  int64_t y_len = owner != NULL ? owner->creation_len : 0;
  rk_report_node *n = NULL;
  if (rc == RK_REPORTED) {
    n = malloc(sizeof *n + (size_t)(RK_REPORT_HEADER + c_len + p_len + x_len + y_len) * sizeof(uint64_t));
    rc = n == NULL ? RK_ENOMEM : RK_REPORTED;
  }
  if (n != NULL) {
    uint64_t *o = n->data;
    n->len = RK_REPORT_HEADER + c_len + p_len + x_len + y_len;
    o[0] = prev_type == RK_FREE ? RK_USE_AFTER_FREE : RK_DATA_RACE;
    o[1] = (uint64_t)t->id;
    o[2] = addr;
    o[3] = size;
    o[4] = (uint64_t)type;
    o[5] = 1;
    o[6] = (uint64_t)c_len;
    o[7] = owner != NULL ? (uint64_t)owner->id : (uint64_t)(int64_t)-1;
    o[8] = prev_addr;
    o[9] = (uint64_t)rk_popcount64(prev_mask);
    o[10] = (uint64_t)prev_type;
    o[11] = restored == 1;
    o[12] = (uint64_t)p_len;
    o[13] = (uint64_t)t->id;
    o[14] = 1; /* the current thread is running */
    o[15] = (uint64_t)x_len;
    o[16] = owner != NULL ? (uint64_t)owner->id : (uint64_t)(int64_t)-1;
    o[17] = owner != NULL && !owner->ended;
    o[18] = (uint64_t)y_len;
    o += RK_REPORT_HEADER;
    *o++ = pc; /* the current stack: the access pc, then the call sites innermost first */
    for (int64_t i = depth - 1; i >= 0; i--) {
      *o++ = stack[i];
    }
    if (p_len > 0) {
      memcpy(o, prev_stack.v, (size_t)p_len * sizeof *o);
      o += p_len;
    }
    if (x_len > 0) {
      memcpy(o, t->record->creation, (size_t)x_len * sizeof *o);
      o += x_len;
    }
    if (y_len > 0) {
      memcpy(o, owner->creation, (size_t)y_len * sizeof *o);
    }
  }
  rk_lock_release(&d->lock);
  free(prev_stack.v);
  if (n != NULL) {
    enqueue(&d->reports, n);
  }
  return rc;
}

int64_t rk_next_report(rk_detector *d, uint64_t *out, int64_t cap) {
  if (d == NULL || cap < 0 || (cap > 0 && out == NULL)) {
    return RK_EINVAL;
  }
  rk_report_queue *q = &d->reports;
  if (atomic_load_explicit(&d->closed, memory_order_relaxed)) {
    return 0; /* a late report of a call that raced with rk_shutdown: dropped, freed by rk_close */
  }
  rk_lock_acquire(&q->lock);
  rk_report_node *n = q->head;
  if (n == NULL || n->len > cap) { /* too small: nothing is taken, the caller retries with a larger buffer */
    rk_lock_release(&q->lock);
    return n == NULL ? 0 : n->len;
  }
  q->head = n->next;
  if (q->head == NULL) {
    q->tail = NULL;
  }
  rk_lock_release(&q->lock);
  int64_t len = n->len;
  memcpy(out, n->data, (size_t)len * sizeof *out);
  free(n);
  return len;
}

void rk_reports_destroy(rk_report_queue *q) {
  rk_lock_acquire(&q->lock);
  rk_report_node *n = q->head;
  q->head = q->tail = NULL;
  rk_lock_release(&q->lock);
  for (rk_report_node *next; n != NULL; n = next) {
    next = n->next;
    free(n);
  }
}
