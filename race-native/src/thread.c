/*
 * Thread lifecycle, shadow call stack, ignore regions and synchronization (Threads.java, state in
 * JavaRaceThread.java). Start and end take the detector lock (they are rare); everything else touches only the
 * thread's own state, plus one stripe of the sync table.
 */
#include <stdlib.h>
#include <string.h>

#include "rk_internal.h"

#define INITIAL_STACK 16
#define LOAD(p) atomic_load_explicit((p), memory_order_relaxed)
#define STORE(p, v) atomic_store_explicit((p), (v), memory_order_relaxed)

/* Frees the thread and lets go of its record (the journal may still name it in reports). */
void rk_thread_free(rk_thread *t) {
  rk_record *rec = t->record;
  if (rec != NULL) {
    if (rec->unjournaled) {
      rk_record_free(rec);
    } else {
      rec->held = false;
    }
  }
  rk_clock_free(&t->clock);
  rk_buf_free(LOAD(&t->stack));
  free(t);
}

static void unlink_thread(rk_thread **list, rk_thread *t) {
  if (t->prev_live != NULL) {
    t->prev_live->next_live = t->next_live;
  } else {
    *list = t->next_live;
  }
  if (t->next_live != NULL) {
    t->next_live->prev_live = t->prev_live;
  }
  t->prev_live = t->next_live = NULL;
}

static void link_thread(rk_thread **list, rk_thread *t) {
  t->prev_live = NULL;
  t->next_live = *list;
  if (*list != NULL) {
    (*list)->prev_live = t;
  }
  *list = t;
}

/* Threads.incrementEpoch, after the caller checked RK_MAX_EPOCH and reserved one long of history; inline in every
 * release. */
static inline void increment_epoch(rk_thread *t) {
  rk_buf *clock = LOAD(&t->clock.buf);
  uint64_t e = clock->v[t->slot] + 1;
  clock->v[t->slot] = e;
  t->head.stamp = rk_cell_stamp((uint32_t)t->slot, e);
  rk_cell *p = rk_history_fits(&t->record->history, 1);
  if (p != NULL) {
    rk_history_store_epoch(p, e);
    return;
  }
  int64_t depth;
  const uint64_t *stack = rk_thread_stack(t, &depth);
  rk_history_epoch(&t->record->history, stack, depth, e);
}

/*
 * Threads.create (+ the parent's epoch increment of Threads.start). Every allocation and check comes before
 * the first change, so an error leaves everything as it was; the one exception mirrors Slots.allocate, which has
 * already taken a free slot when its epoch space turns out to be exhausted: that slot is retired.
 */
int rk_thread_create(rk_detector *d, rk_thread *p, uint64_t pc, rk_thread **out) {
  static const rk_clock no_clock = {0};
  const rk_clock *parent_clock = p != NULL ? &p->clock : &no_clock;
  int64_t p_depth = 0;
  const uint64_t *p_stack = p != NULL ? rk_thread_stack(p, &p_depth) : NULL;
  int64_t creation_len = p != NULL ? p_depth + 1 : 0;
  rk_thread *t = calloc(1, sizeof *t);
  rk_record *rec = calloc(1, sizeof *rec);
  uint64_t *creation = creation_len > 0 ? malloc((size_t)creation_len * sizeof *creation) : NULL;
  rk_buf *stack = rk_buf_grow(NULL, INITIAL_STACK, false);
  int rc = t == NULL || rec == NULL || stack == NULL || (creation_len > 0 && creation == NULL) ? RK_ENOMEM : RK_OK;
  if (rc == RK_OK && p != NULL) {
    creation[0] = pc; /* the start pc, then the parent's stack innermost first */
    for (int64_t i = 0; i < p_depth; i++) {
      creation[i + 1] = p_stack[p_depth - 1 - i];
    }
    rc = rk_history_reserve(&p->record->history, &d->lock, 1, p_depth);
  }
  if (rc != RK_OK) {
    goto fail;
  }
  rk_lock_acquire(&d->lock);
  int32_t slot = 0;
  bool from_free = false;
  rc = LOAD(&d->closed) ? RK_ECLOSED : rk_slots_choose(&d->slots, parent_clock, &slot, &from_free);
  uint64_t start = rc == RK_OK ? d->slots.last_epoch[slot] + 1 : 0;
  if (rc == RK_OK && start > RK_MAX_EPOCH) {
    rk_slots_take(&d->slots, from_free); /* only a recycled slot can be exhausted: retire it */
    rc = RK_EEPOCH;
  }
  if (rc == RK_OK && p != NULL && rk_thread_epoch(p) + 1 > RK_MAX_EPOCH) {
    rc = RK_EEPOCH;
  }
  int64_t p_len = 0;
  const uint64_t *p_clock = rk_clock_view(parent_clock, &p_len);
  int64_t len = p_len > slot + 1 ? p_len : slot + 1;
  t->clock.keep_old = true;
  if (rc == RK_OK) {
    rc = rk_clock_reserve(&t->clock, len);
  }
  if (rc != RK_OK) {
    rk_lock_release(&d->lock);
    goto fail;
  }
  /* The child's clock: a copy of the parent's, with the slot's next epoch (the fresh buffer is zeroed). */
  rk_buf *clock = LOAD(&t->clock.buf);
  if (p_len > 0) {
    memcpy(clock->v, p_clock, (size_t)p_len * sizeof *clock->v);
  }
  STORE(&t->clock.len, len);
  clock->v[slot] = start;
  rk_slots_take(&d->slots, from_free);

  rec->id = d->next_id++;
  rec->start_epoch = start;
  rec->creation = creation;
  rec->creation_len = creation_len;
  rec->held = true;
  rk_history_init(&rec->history, d->history_size, start, &d->parts);
  rk_slots_attach(&d->slots, slot, rec);

  t->head.filter = &d->filter;
  t->d = d;
  t->slot_floor = d->slots.floor;
  t->record = rec;
  t->id = rec->id;
  t->slot = slot;
  STORE(&t->state, RK_LIVE);
  t->head.stamp = rk_cell_stamp((uint32_t)slot, start);
  STORE(&t->stack, stack);
  link_thread(&d->live, t);
  if (p != NULL) {
    increment_epoch(p);
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
  rk_buf_free(stack);
  return rc;
}

int rk_thread_start(rk_detector *d, rk_thread *parent, uint64_t pc, rk_thread **out) {
  if (d == NULL || parent == NULL || out == NULL || parent->d != d) {
    return RK_EINVAL;
  }
  int state = LOAD(&parent->state);
  if (state != RK_LIVE) {
    return rk_not_live(state);
  }
  return rk_thread_create(d, parent, pc, out);
}

int64_t rk_thread_id(rk_thread *t) { return t == NULL ? RK_EINVAL : t->id; }

int64_t rk_thread_clock_length(rk_thread *t) {
  if (t == NULL) {
    return RK_EINVAL;
  }
  int state = LOAD(&t->state);
  return state != RK_LIVE ? rk_not_live(state) : LOAD(&t->clock.len);
}

/* The rk_thread stays allocated (a call on it may still be running on another OS thread) until released. */
int64_t rk_thread_end(rk_detector *d, rk_thread *t, uint64_t *clock_out, int64_t clock_cap) {
  if (d == NULL || t == NULL || t->d != d) {
    return RK_EINVAL;
  }
  rk_lock_acquire(&d->lock);
  int state = LOAD(&t->state);
  int64_t n = 0;
  const uint64_t *clock = rk_clock_view(&t->clock, &n);
  int64_t len = LOAD(&t->clock.len);
  int64_t rc = state != RK_LIVE ? rk_not_live(state) : clock_out == NULL || clock_cap < len ? RK_EINVAL : len;
  if (rc >= 0) {
    memcpy(clock_out, clock, (size_t)n * sizeof *clock_out);
    memset(clock_out + n, 0, (size_t)(len - n) * sizeof *clock_out); /* n < len only under misuse */
    STORE(&t->state, RK_ENDED);
    t->record->ended = true;
    unlink_thread(&d->live, t);
    link_thread(&d->ended, t);
    d->ended_unmapped += rk_load_u64(&t->head.unmapped);
    rk_slots_release(&d->slots, t->slot, rk_thread_epoch(t));
    /* Later calls must reach the core, which answers RK_EENDED, instead of being counted by the thunks. */
    t->head.filter = &d->pass_all;
  }
  rk_lock_release(&d->lock);
  return rc;
}

int rk_thread_release(rk_detector *d, rk_thread *t) {
  if (d == NULL || t == NULL || t->d != d) {
    return RK_EINVAL;
  }
  rk_lock_acquire(&d->lock);
  int state = LOAD(&t->state);
  if (t != d->main && !t->released) {
    t->released = true;
    if (state == RK_ENDED) {
      unlink_thread(&d->ended, t);
      rk_thread_free(t);
    } else if (state == RK_CLOSED) {
      unlink_thread(&d->live, t);
      rk_thread_free(t);
    } /* live: keeps its slot, freed by rk_close */
  }
  rk_lock_release(&d->lock);
  return RK_OK;
}

int rk_thread_join(rk_thread *t, const uint64_t *child_clock, int64_t length) {
  int live = rk_live_check(t);
  if (live != RK_OK) {
    return live;
  }
  if (length < 0 || length > RK_MAX_SLOTS || (length > 0 && child_clock == NULL)) {
    return RK_EINVAL;
  }
  return rk_clock_join(&t->clock, child_clock, length);
}

/*
 * The depth and the stack buffer are each loaded once and every store is bounds-checked against the buffer loaded,
 * so several OS threads feeding one thread at once garble its stack, never memory.
 */
int rk_func_enter(rk_thread *t, uint64_t pc) {
  int live = rk_live_check(t);
  if (live != RK_OK) {
    return live;
  }
  int64_t depth = LOAD(&t->depth);
  if (depth >= RK_MAX_STACK) {
    return RK_ESTACK_OVERFLOW;
  }
  rk_buf *stack = LOAD(&t->stack);
  if (depth >= stack->cap) {
    stack = rk_buf_publish(&t->stack, stack, depth + 1); /* keeps the old buffer: a racing call may still hold it */
    if (stack == NULL) {
      return RK_ENOMEM;
    }
  }
  rk_history *h = &t->record->history;
  rk_cell *p = rk_history_fits(h, 2); /* the common case: two stores, no epoch or stack snapshot loaded */
  if (p != NULL) {
    rk_history_store_enter(p, pc);
  } else {
    int rc = rk_history_reserve(h, &t->d->lock, 2, depth);
    if (rc != RK_OK) {
      return rc;
    }
    rk_history_enter(h, pc, stack->v, depth, rk_thread_epoch(t));
  }
  stack->v[depth] = pc;
  STORE(&t->depth, depth + 1);
  return RK_OK;
}

int rk_func_exit(rk_thread *t) {
  int live = rk_live_check(t);
  if (live != RK_OK) {
    return live;
  }
  int64_t depth;
  const uint64_t *stack = rk_thread_stack(t, &depth);
  if (depth == 0) {
    return RK_ESTACK_EMPTY;
  }
  rk_history *h = &t->record->history;
  rk_cell *p = rk_history_fits(h, 1);
  if (p != NULL) {
    rk_history_store_exit(p);
  } else {
    int rc = rk_history_reserve(h, &t->d->lock, 1, depth);
    if (rc != RK_OK) {
      return rc;
    }
    /* Recorded before the pop: a history part that starts with this exit must snapshot the frame it pops. */
    rk_history_exit(h, stack, depth, rk_thread_epoch(t));
  }
  STORE(&t->depth, depth - 1);
  return RK_OK;
}

int rk_acquire(rk_thread *t, uint64_t sync) {
  int live = rk_live_check(t);
  if (live != RK_OK) {
    return live;
  }
  if (t->head.ignore_depth != 0) {
    return RK_OK;
  }
  return rk_sync_acquire(&t->d->syncs, sync, &t->clock);
}

/* release stores the thread's clock into the sync object, release_merge joins it; then the epoch moves on. */
static int release(rk_thread *t, uint64_t sync, bool merge) {
  int live = rk_live_check(t);
  if (live != RK_OK) {
    return live;
  }
  if (t->head.ignore_depth != 0) {
    return RK_OK;
  }
  if (rk_thread_epoch(t) + 1 > RK_MAX_EPOCH) {
    return RK_EEPOCH; /* checked first, so that the sync object is left as it was */
  }
  int64_t depth;
  rk_thread_stack(t, &depth);
  int rc = rk_history_reserve(&t->record->history, &t->d->lock, 1, depth);
  if (rc == RK_OK) {
    rc = rk_sync_release(&t->d->syncs, sync, &t->clock, merge);
  }
  if (rc == RK_OK) {
    increment_epoch(t);
  }
  return rc;
}

int rk_release(rk_thread *t, uint64_t sync) { return release(t, sync, false); }

int rk_release_merge(rk_thread *t, uint64_t sync) { return release(t, sync, true); }

int rk_ignore_begin(rk_thread *t) {
  int live = rk_live_check(t);
  if (live != RK_OK) {
    return live;
  }
  t->head.ignore_depth++; /* the thunks read it: they count a filtered access only when it is 0 */
  return RK_OK;
}

int rk_ignore_end(rk_thread *t) {
  int live = rk_live_check(t);
  if (live != RK_OK) {
    return live;
  }
  if (t->head.ignore_depth == 0) {
    return RK_EIGNORE;
  }
  t->head.ignore_depth--;
  return RK_OK;
}
