/*
 * Thread slots and the slot journal (Slots.java). A slot is a thread's index in every vector clock; it is
 * recycled when its thread ends, so threads come and go without limit while clocks stay as long as the threads
 * alive at once plus a quarantine. A new owner continues the slot's epochs. That is exact when the parent already
 * knows the old owner's last epoch (it joined it); otherwise it would hide races between the two, so such a slot
 * waits in a FIFO quarantine of RK_SLOT_QUARANTINE slots first.
 *
 * The journal remembers the current and previous owner of each slot, so a report can name the thread behind a
 * cell; an owner's record is freed when it drops out. Everything here is guarded by the detector lock.
 */
#include <stdlib.h>
#include <string.h>

#include "rk_internal.h"

int rk_slots_init(rk_slots *s) {
  memset(s, 0, sizeof *s);
  s->fifo = malloc(RK_MAX_SLOTS * sizeof *s->fifo);
  return s->fifo == NULL ? RK_ENOMEM : RK_OK;
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

/* Slots.allocate without its side effect: the FIFO head when it is safe or the quarantine is full, else a fresh
 * slot, else the head anyway. */
int rk_slots_choose(rk_slots *s, const rk_clock *parent, int32_t *slot, bool *from_free) {
  if (s->count > 0) {
    int32_t head = s->fifo[s->head];
    if (s->count > RK_SLOT_QUARANTINE || rk_clock_get(parent, (uint32_t)head) >= s->last_epoch[head]) {
      *slot = head;
      *from_free = true;
      return RK_OK;
    }
  }
  if (s->fresh < RK_MAX_SLOTS) {
    if (s->fresh == s->cap && grow(s) != RK_OK) {
      return RK_ENOMEM;
    }
    *slot = s->fresh;
    *from_free = false;
    return RK_OK;
  }
  if (s->count > 0) {
    *slot = s->fifo[s->head];
    *from_free = true;
    return RK_OK;
  }
  return RK_ETHREADS;
}

void rk_slots_take(rk_slots *s, bool from_free) {
  if (from_free) {
    s->head = (s->head + 1) % RK_MAX_SLOTS;
    s->count--;
  } else {
    s->fresh++;
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
