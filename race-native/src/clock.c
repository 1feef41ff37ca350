/* Vector clocks, as in Clock.java: arrays indexed by slot, missing entries are epoch 0. */
#include <stdlib.h>
#include <string.h>

#include "rk_internal.h"

#define LOAD(p) atomic_load_explicit((p), memory_order_relaxed)
#define STORE(p, v) atomic_store_explicit((p), (v), memory_order_relaxed)

rk_buf *rk_buf_grow(rk_buf *old, int64_t n, bool keep_old) {
  int64_t have = old == NULL ? 0 : old->cap;
  int64_t cap = have < 8 ? 8 : have;
  while (cap < n) {
    cap *= 2;
  }
  rk_buf *b = calloc(1, sizeof *b + (size_t)cap * sizeof(uint64_t));
  if (b == NULL) {
    return NULL;
  }
  b->cap = cap;
  if (have > 0) {
    memcpy(b->v, old->v, (size_t)have * sizeof(uint64_t));
  }
  if (keep_old) {
    b->older = old;
  } else {
    rk_buf_free(old);
  }
  return b;
}

void rk_buf_free(rk_buf *b) {
  while (b != NULL) {
    rk_buf *older = b->older;
    free(b);
    b = older;
  }
}

rk_buf *rk_buf_publish(_Atomic(rk_buf *) *slot, rk_buf *seen, int64_t n) {
  while (n > (seen == NULL ? 0 : seen->cap)) {
    rk_buf *grown = rk_buf_grow(seen, n, true);
    if (grown == NULL) {
      return NULL;
    }
    if (atomic_compare_exchange_strong_explicit(slot, &seen, grown, memory_order_release, memory_order_relaxed)) {
      return grown;
    }
    grown->older = NULL; /* another OS thread published first: drop this copy, grow what it published if need be */
    rk_buf_free(grown);
  }
  return seen;
}

int rk_clock_grow(rk_clock *c, int64_t n) {
  rk_buf *b = LOAD(&c->buf);
  if (c->keep_old) {
    return rk_buf_publish(&c->buf, b, n) == NULL ? RK_ENOMEM : RK_OK;
  }
  rk_buf *grown = rk_buf_grow(b, n, false); /* a sync object's clock, under its stripe lock */
  if (grown == NULL) {
    return RK_ENOMEM;
  }
  STORE(&c->buf, grown);
  return RK_OK;
}

void rk_clock_free(rk_clock *c) {
  rk_buf_free(LOAD(&c->buf));
  STORE(&c->buf, NULL);
  STORE(&c->len, 0);
}
