/*
 * Thread lifecycle, shadow call stack, ignore regions and synchronization (JavaBackend.startThread/endThread,
 * JavaRaceThread). Start and end take the detector lock (they are rare); everything else touches only the
 * thread's own state, plus one stripe of the sync table.
 */
#include <stdlib.h>
#include <string.h>

#include "rk_internal.h"

#define INITIAL_STACK 16

void rk_thread_free(rk_thread *t) {
  rk_clock_free(&t->clock);
  free(t->stack);
  free(t);
}

/* JavaRaceThread.incrementEpoch, after the caller checked RK_MAX_EPOCH and reserved one long of history. */
void rk_increment_epoch(rk_thread *t) {
  uint64_t e = t->clock.v[t->slot] + 1;
  t->clock.v[t->slot] = e;
  t->head.stamp = rk_cell_stamp((uint32_t)t->slot, e);
  rk_history_epoch(&t->record->history, t->stack, t->depth, e);
}

/*
 * JavaBackend.newThread (+ the parent's epoch increment of startThread). Every allocation and check comes before
 * the first change, so an error leaves everything as it was; the one exception mirrors Slots.allocate, which has
 * already taken a free slot when its epoch space turns out to be exhausted: that slot is retired.
 */
int rk_thread_create(rk_detector *d, rk_thread *p, uint64_t pc, rk_thread **out) {
  static const rk_clock no_clock = {0};
  const rk_clock *parent_clock = p != NULL ? &p->clock : &no_clock;
  int64_t creation_len = p != NULL ? p->depth + 1 : 0;
  rk_thread *t = calloc(1, sizeof *t);
  rk_record *rec = calloc(1, sizeof *rec);
  uint64_t *creation = creation_len > 0 ? malloc((size_t)creation_len * sizeof *creation) : NULL;
  uint64_t *stack = malloc(INITIAL_STACK * sizeof *stack);
  int rc = t == NULL || rec == NULL || stack == NULL || (creation_len > 0 && creation == NULL) ? RK_ENOMEM : RK_OK;
  if (rc == RK_OK && p != NULL) {
    creation[0] = pc; /* the start pc, then the parent's stack innermost first */
    for (int64_t i = 0; i < p->depth; i++) {
      creation[i + 1] = p->stack[p->depth - 1 - i];
    }
    rc = rk_history_reserve(&p->record->history, &d->lock, 1, p->depth);
  }
  if (rc != RK_OK) {
    goto fail;
  }
  rk_lock_acquire(&d->lock);
  int32_t slot = 0;
  bool from_free = false;
  rc = rk_slots_choose(&d->slots, parent_clock, &slot, &from_free);
  uint64_t start = rc == RK_OK ? d->slots.last_epoch[slot] + 1 : 0;
  if (rc == RK_OK && start > RK_MAX_EPOCH) {
    rk_slots_take(&d->slots, from_free); /* only a recycled slot can be exhausted: retire it */
    rc = RK_EEPOCH;
  }
  if (rc == RK_OK && p != NULL && rk_thread_epoch(p) + 1 > RK_MAX_EPOCH) {
    rc = RK_EEPOCH;
  }
  int64_t len = parent_clock->len > slot + 1 ? parent_clock->len : slot + 1;
  if (rc == RK_OK) {
    rc = rk_clock_reserve(&t->clock, len);
  }
  if (rc != RK_OK) {
    rk_lock_release(&d->lock);
    goto fail;
  }
  /* The child's clock: a copy of the parent's, with the slot's next epoch. */
  if (parent_clock->len > 0) {
    memcpy(t->clock.v, parent_clock->v, (size_t)parent_clock->len * sizeof *t->clock.v);
  }
  memset(t->clock.v + parent_clock->len, 0, (size_t)(len - parent_clock->len) * sizeof *t->clock.v);
  t->clock.len = len;
  t->clock.v[slot] = start;
  rk_slots_take(&d->slots, from_free);

  rec->id = d->next_id++;
  rec->start_epoch = start;
  rec->creation = creation;
  rec->creation_len = creation_len;
  rk_history_init(&rec->history, d->history_size, start);
  rk_slots_attach(&d->slots, slot, rec);

  t->head.filter = &d->filter;
  t->d = d;
  t->slot_floor = d->slots.floor;
  t->record = rec;
  t->id = rec->id;
  t->slot = slot;
  t->state = RK_LIVE;
  t->head.stamp = rk_cell_stamp((uint32_t)slot, start);
  t->stack = stack;
  t->stack_cap = INITIAL_STACK;
  t->next_live = d->live;
  if (d->live != NULL) {
    d->live->prev_live = t;
  }
  d->live = t;
  if (p != NULL) {
    rk_increment_epoch(p);
  }
  rk_lock_release(&d->lock);
  *out = t;
  return RK_OK;

fail:
  if (t != NULL) {
    rk_clock_free(&t->clock);
  }
  free(t);
  free(rec);
  free(creation);
  free(stack);
  return rc;
}

int rk_thread_start(rk_detector *d, rk_thread *parent, uint64_t pc, rk_thread **out) {
  if (d == NULL || parent == NULL || out == NULL || parent->d != d) {
    return RK_EINVAL;
  }
  if (parent->state != RK_LIVE) {
    return RK_EENDED;
  }
  return rk_thread_create(d, parent, pc, out);
}

int64_t rk_thread_id(rk_thread *t) { return t == NULL ? RK_EINVAL : t->id; }

int64_t rk_thread_clock_length(rk_thread *t) {
  if (t == NULL) {
    return RK_EINVAL;
  }
  return t->state != RK_LIVE ? RK_EENDED : t->clock.len;
}

int64_t rk_thread_end(rk_detector *d, rk_thread *t, uint64_t *clock_out, int64_t clock_cap) {
  if (d == NULL || t == NULL || t->d != d) {
    return RK_EINVAL;
  }
  if (t->state != RK_LIVE) {
    return RK_EENDED;
  }
  if (clock_out == NULL || clock_cap < t->clock.len) {
    return RK_EINVAL;
  }
  int64_t len = t->clock.len;
  memcpy(clock_out, t->clock.v, (size_t)len * sizeof *clock_out);
  rk_lock_acquire(&d->lock);
  t->record->ended = true;
  if (t->prev_live != NULL) {
    t->prev_live->next_live = t->next_live;
  } else {
    d->live = t->next_live;
  }
  if (t->next_live != NULL) {
    t->next_live->prev_live = t->prev_live;
  }
  d->ended_unmapped += t->head.unmapped;
  rk_slots_release(&d->slots, t->slot, rk_thread_epoch(t));
  rk_lock_release(&d->lock);
  if (t == d->main) {
    /* Kept until close: later calls on it fail with RK_EENDED, and the thunks must defer to the core for that. */
    t->state = RK_ENDED;
    t->record = NULL; /* the journal owns it and may free it */
    t->head.filter = &d->pass_all;
  } else {
    rk_thread_free(t);
  }
  return len;
}

int rk_thread_join(rk_thread *t, const uint64_t *child_clock, int64_t length) {
  if (t == NULL) {
    return RK_EINVAL;
  }
  if (t->state != RK_LIVE) {
    return RK_EENDED;
  }
  if (length < 0 || length > RK_MAX_SLOTS || (length > 0 && child_clock == NULL)) {
    return RK_EINVAL;
  }
  return rk_clock_join(&t->clock, child_clock, length);
}

int rk_func_enter(rk_thread *t, uint64_t pc) {
  if (t == NULL) {
    return RK_EINVAL;
  }
  if (t->state != RK_LIVE) {
    return RK_EENDED;
  }
  if (t->depth >= RK_MAX_STACK) {
    return RK_ESTACK_OVERFLOW;
  }
  if (t->depth == t->stack_cap) {
    uint64_t *s = realloc(t->stack, (size_t)t->stack_cap * 2 * sizeof *s);
    if (s == NULL) {
      return RK_ENOMEM;
    }
    t->stack = s;
    t->stack_cap *= 2;
  }
  rk_history *h = &t->record->history;
  int rc = rk_history_reserve(h, &t->d->lock, 2, t->depth);
  if (rc != RK_OK) {
    return rc;
  }
  rk_history_enter(h, pc, t->stack, t->depth, rk_thread_epoch(t));
  t->stack[t->depth++] = pc;
  return RK_OK;
}

int rk_func_exit(rk_thread *t) {
  if (t == NULL) {
    return RK_EINVAL;
  }
  if (t->state != RK_LIVE) {
    return RK_EENDED;
  }
  if (t->depth == 0) {
    return RK_ESTACK_EMPTY;
  }
  rk_history *h = &t->record->history;
  int rc = rk_history_reserve(h, &t->d->lock, 1, t->depth);
  if (rc != RK_OK) {
    return rc;
  }
  /* Recorded before the pop: a history part that starts with this exit must snapshot the frame it pops. */
  rk_history_exit(h, t->stack, t->depth, rk_thread_epoch(t));
  t->depth--;
  return RK_OK;
}

int rk_acquire(rk_thread *t, uint64_t sync) {
  if (t == NULL) {
    return RK_EINVAL;
  }
  if (t->state != RK_LIVE) {
    return RK_EENDED;
  }
  if (t->head.ignore_depth != 0) {
    return RK_OK;
  }
  return rk_sync_acquire(&t->d->syncs, sync, &t->clock);
}

/* release stores the thread's clock into the sync object, release_merge joins it; then the epoch moves on. */
static int release(rk_thread *t, uint64_t sync, bool merge) {
  if (t == NULL) {
    return RK_EINVAL;
  }
  if (t->state != RK_LIVE) {
    return RK_EENDED;
  }
  if (t->head.ignore_depth != 0) {
    return RK_OK;
  }
  if (rk_thread_epoch(t) + 1 > RK_MAX_EPOCH) {
    return RK_EEPOCH; /* checked first, so that the sync object is left as it was */
  }
  int rc = rk_history_reserve(&t->record->history, &t->d->lock, 1, t->depth);
  if (rc == RK_OK) {
    rc = rk_sync_release(&t->d->syncs, sync, &t->clock, merge);
  }
  if (rc == RK_OK) {
    rk_increment_epoch(t);
  }
  return rc;
}

int rk_release(rk_thread *t, uint64_t sync) { return release(t, sync, false); }

int rk_release_merge(rk_thread *t, uint64_t sync) { return release(t, sync, true); }

int rk_ignore_begin(rk_thread *t) {
  if (t == NULL) {
    return RK_EINVAL;
  }
  if (t->state != RK_LIVE) {
    return RK_EENDED;
  }
  t->head.ignore_depth++; /* the thunks read it: they count a filtered access only when it is 0 */
  return RK_OK;
}

int rk_ignore_end(rk_thread *t) {
  if (t == NULL) {
    return RK_EINVAL;
  }
  if (t->state != RK_LIVE) {
    return RK_EENDED;
  }
  if (t->head.ignore_depth == 0) {
    return RK_EIGNORE;
  }
  t->head.ignore_depth--;
  return RK_OK;
}
