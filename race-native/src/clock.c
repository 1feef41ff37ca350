/* Vector clocks, as in VectorClocks.java: arrays indexed by slot, missing entries are epoch 0. */
#include <stdlib.h>
#include <string.h>

#include "rk_internal.h"

int rk_clock_reserve(rk_clock *c, int64_t n) {
  if (n <= c->cap) {
    return RK_OK;
  }
  int64_t cap = c->cap < 8 ? 8 : c->cap;
  while (cap < n) {
    cap *= 2;
  }
  uint64_t *v = realloc(c->v, (size_t)cap * sizeof *v);
  if (v == NULL) {
    return RK_ENOMEM;
  }
  c->v = v;
  c->cap = cap;
  return RK_OK;
}

/* into[i] = max(into[i], from[i]); into grows to n when from is longer (VectorClocks.join). */
int rk_clock_join(rk_clock *into, const uint64_t *from, int64_t n) {
  if (n > into->len) {
    if (rk_clock_reserve(into, n) != RK_OK) {
      return RK_ENOMEM;
    }
    memset(into->v + into->len, 0, (size_t)(n - into->len) * sizeof *into->v);
    into->len = n;
  }
  for (int64_t i = 0; i < n; i++) {
    if (from[i] > into->v[i]) {
      into->v[i] = from[i];
    }
  }
  return RK_OK;
}

/* into = a copy of from, with from's length (a release stores the whole clock). */
int rk_clock_assign(rk_clock *into, const uint64_t *from, int64_t n) {
  if (rk_clock_reserve(into, n) != RK_OK) {
    return RK_ENOMEM;
  }
  if (n > 0) {
    memcpy(into->v, from, (size_t)n * sizeof *from);
  }
  into->len = n;
  return RK_OK;
}

void rk_clock_free(rk_clock *c) {
  free(c->v);
  c->v = NULL;
  c->len = c->cap = 0;
}
