/*
 * Thread slots and the slot journal (Slots.java). A slot is a thread's index in every vector clock; it is
 * recycled when its thread ends, so threads come and go without limit while clocks stay as long as the threads
 * alive at once plus a quarantine. A new owner continues the slot's epochs (old owner's last epoch + 1).
 *
 * Why that is sound: a cell holds slot and epoch, and a thread is ordered after it when clock[slot] >= epoch, so one
 * clock entry speaks for every owner the slot had. A slot is reused safely when the new owner's parent already has
 * clock[slot] >= the old owner's last epoch: the old owner's end happens before the new owner's start, so any clock
 * that later reaches a new-owner epoch got it through edges from the new owner and is truly ordered after all of the
 * old owner; clocks that knew only the old owner stay below the new owner's first epoch. When more than
 * RK_SLOT_QUARANTINE free slots wait and none of the oldest RK_SLOT_QUARANTINE + 1 is safe, the oldest is reused
 * anyway and its floor is raised to the new owner's first epoch: cells below the floor are treated as empty
 * (forgotten, as when a cell is evicted), never as ordered. The floor is written under the detector lock before the
 * new owner exists; a thread that can hold a new-owner epoch has a happens-before path from that write.
 *
 * The journal remembers the current and previous owner of each slot, so a report can name the thread behind a
 * cell; an owner's record is freed when it drops out. Everything else here is guarded by the detector lock.
 */
#include <stdlib.h>
#include <string.h>

#include "rk_internal.h"

int rk_slots_init(rk_slots *s) {
  memset(s, 0, sizeof *s);
  s->fifo = malloc(RK_MAX_SLOTS * sizeof *s->fifo);
  s->floor = calloc(RK_MAX_SLOTS, sizeof *s->floor);
  return s->fifo == NULL || s->floor == NULL ? RK_ENOMEM : RK_OK;
}

void rk_record_free(rk_record *r) {
  if (r != NULL) {
    rk_history_destroy(&r->history);
    free(r->creation);
    free(r);
  }
}

void rk_record_unjournal(rk_record *r) {
  if (r != NULL && r->held) {
    r->unjournaled = true;
    rk_history_retire(&r->history); /* no report reads it any more; new rings reuse its memory */
  } else {
    rk_record_free(r);
  }
}

void rk_slots_destroy(rk_slots *s) {
  for (int32_t i = 0; i < s->fresh; i++) {
    rk_record_free(s->current[i]);
    rk_record_free(s->previous[i]);
  }
  free(s->last_epoch);
  free(s->current);
  free(s->previous);
  free(s->fifo);
  free((void *)s->floor);
  memset(s, 0, sizeof *s);
}

static int grow(rk_slots *s) {
  int32_t cap = s->cap == 0 ? 16 : s->cap * 2;
  uint64_t *e = realloc(s->last_epoch, (size_t)cap * sizeof *e);
  if (e != NULL) {
    s->last_epoch = e;
  }
  rk_record **c = e == NULL ? NULL : realloc(s->current, (size_t)cap * sizeof *c);
  if (c != NULL) {
    s->current = c;
  }
  rk_record **p = c == NULL ? NULL : realloc(s->previous, (size_t)cap * sizeof *p);
  if (p == NULL) {
    return RK_ENOMEM; /* the arrays that did grow are still valid */
  }
  s->previous = p;
  memset(e + s->cap, 0, (size_t)(cap - s->cap) * sizeof *e);
  memset(c + s->cap, 0, (size_t)(cap - s->cap) * sizeof *c);
  memset(p + s->cap, 0, (size_t)(cap - s->cap) * sizeof *p);
  s->cap = cap;
  return RK_OK;
}

static int32_t fifo_at(const rk_slots *s, int32_t i) { return s->fifo[(s->head + i) % RK_MAX_SLOTS]; }

/* Slots.allocate without its side effect: the oldest safe slot among the first RK_SLOT_QUARANTINE + 1 free ones,
 * else the oldest with a floor when more than RK_SLOT_QUARANTINE wait (or no fresh slot is left), else a fresh one. */
int rk_slots_choose(rk_slots *s, const rk_clock *parent, int32_t *slot, bool *from_free) {
  int32_t scan = s->count < RK_SLOT_QUARANTINE + 1 ? s->count : RK_SLOT_QUARANTINE + 1;
  for (int32_t i = 0; i < scan; i++) {
    int32_t f = fifo_at(s, i);
    if (rk_clock_get(parent, (uint32_t)f) >= s->last_epoch[f]) {
      *slot = f;
      *from_free = true;
      s->chosen_pos = i;
      s->chosen_forced = false;
      return RK_OK;
    }
  }
  if (s->count > RK_SLOT_QUARANTINE || (s->fresh == RK_MAX_SLOTS && s->count > 0)) {
    *slot = fifo_at(s, 0);
    *from_free = true;
    s->chosen_pos = 0;
    s->chosen_forced = true;
    return RK_OK;
  }
  if (s->fresh < RK_MAX_SLOTS) {
    if (s->fresh == s->cap && grow(s) != RK_OK) {
      return RK_ENOMEM;
    }
    *slot = s->fresh;
    *from_free = false;
    s->chosen_pos = -1;
    s->chosen_forced = false;
    return RK_OK;
  }
  return RK_ETHREADS;
}

/* Takes what rk_slots_choose picked: removes it from the FIFO keeping the others in order, and raises the floor of
 * a forced reuse. */
void rk_slots_take(rk_slots *s, bool from_free) {
  if (!from_free) {
    s->fresh++;
    return;
  }
  int32_t slot = fifo_at(s, s->chosen_pos);
  for (int32_t k = s->chosen_pos; k > 0; k--) {
    s->fifo[(s->head + k) % RK_MAX_SLOTS] = s->fifo[(s->head + k - 1) % RK_MAX_SLOTS];
  }
  s->head = (s->head + 1) % RK_MAX_SLOTS;
  s->count--;
  if (s->chosen_forced) {
    atomic_store_explicit(&s->floor[slot], s->last_epoch[slot] + 1, memory_order_relaxed);
  }
}

void rk_slots_attach(rk_slots *s, int32_t slot, rk_record *owner) {
  rk_record_unjournal(s->previous[slot]); /* drops out of the journal; its thread ended long ago */
  s->previous[slot] = s->current[slot];
  s->current[slot] = owner;
}

void rk_slots_release(rk_slots *s, int32_t slot, uint64_t epoch) {
  s->last_epoch[slot] = epoch;
  s->fifo[(s->head + s->count) % RK_MAX_SLOTS] = slot;
  s->count++;
}

/* Who held slot at epoch, or NULL when that owner is no longer remembered. */
rk_record *rk_slots_owner(const rk_slots *s, uint32_t slot, uint64_t epoch) {
  if ((int64_t)slot >= s->fresh) {
    return NULL;
  }
  rk_record *c = s->current[slot];
  if (c != NULL && epoch >= c->start_epoch) {
    return c;
  }
  rk_record *p = s->previous[slot];
  return p != NULL && epoch >= p->start_epoch ? p : NULL;
}
