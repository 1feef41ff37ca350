/*
 * Sync objects by address (Sync.java). A hash table split into stripes, each with its own lock that also
 * guards the clocks of its variables, so threads synchronizing on different objects rarely contend and no lock
 * is global.
 */
#include <stdlib.h>

#include "rk_internal.h"

/*
 * splitmix64's finalizer: addresses are often aligned and sequential. Variables are hashed by their word (addr >> 3),
 * so the ones of one word share a chain and forgetting a range (malloc) looks at one chain per word, not per byte.
 */
static uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/* The group counter of the address block holding addr. */
static atomic_int_least32_t *group_of(rk_sync_table *t, uint64_t addr) {
  return &t->groups[mix(addr >> RK_SYNC_BLOCK_SHIFT) & (RK_SYNC_GROUPS - 1)];
}

static rk_sync_stripe *stripe_of(rk_sync_table *t, uint64_t h) {
  return &t->stripes[h >> 57]; /* top 7 bits pick the stripe, low bits the bucket */
}

_Static_assert(RK_SYNC_STRIPES == 128, "stripe_of uses 7 bits");

void rk_sync_init(rk_sync_table *t) {
  for (int i = 0; i < RK_SYNC_STRIPES; i++) {
    rk_lock_init(&t->stripes[i].lock);
    t->stripes[i].count = 0;
    t->stripes[i].nbuckets = 0;
    t->stripes[i].buckets = NULL;
  }
  atomic_init(&t->total, 0);
  for (int i = 0; i < RK_SYNC_GROUPS; i++) {
    atomic_init(&t->groups[i], 0);
  }
}

static void free_var(rk_sync_var *v) {
  rk_clock_free(&v->clock);
  free(v);
}

void rk_sync_destroy(rk_sync_table *t) {
  for (int i = 0; i < RK_SYNC_STRIPES; i++) {
    rk_sync_stripe *s = &t->stripes[i];
    for (size_t b = 0; b < s->nbuckets; b++) {
      for (rk_sync_var *v = s->buckets[b], *next; v != NULL; v = next) {
        next = v->next;
        free_var(v);
      }
    }
    free(s->buckets);
    s->buckets = NULL;
    s->nbuckets = s->count = 0;
  }
  atomic_store(&t->total, 0);
  for (int i = 0; i < RK_SYNC_GROUPS; i++) {
    atomic_store(&t->groups[i], 0);
  }
}

/* The variable for addr in s, or NULL; *link receives where it hangs. Stripe lock held. */
static rk_sync_var *find(rk_sync_stripe *s, uint64_t addr, uint64_t h, rk_sync_var ***link) {
  if (s->nbuckets == 0) {
    return NULL;
  }
  rk_sync_var **l = &s->buckets[h & (s->nbuckets - 1)];
  while (*l != NULL && (*l)->addr != addr) {
    l = &(*l)->next;
  }
  if (link != NULL) {
    *link = l;
  }
  return *l;
}

/* Doubles the bucket array when it is full; failure only makes chains longer. Stripe lock held. */
static void maybe_grow(rk_sync_stripe *s) {
  if (s->count < s->nbuckets) {
    return;
  }
  size_t n = s->nbuckets == 0 ? 16 : s->nbuckets * 2;
  rk_sync_var **b = calloc(n, sizeof *b);
  if (b == NULL) {
    return;
  }
  for (size_t i = 0; i < s->nbuckets; i++) {
    for (rk_sync_var *v = s->buckets[i], *next; v != NULL; v = next) {
      next = v->next;
      size_t j = mix(v->addr >> 3) & (n - 1);
      v->next = b[j];
      b[j] = v;
    }
  }
  free(s->buckets);
  s->buckets = b;
  s->nbuckets = n;
}

int rk_sync_acquire(rk_sync_table *t, uint64_t addr, rk_clock *thread_clock) {
  uint64_t h = mix(addr >> 3);
  rk_sync_stripe *s = stripe_of(t, h);
  rk_lock_acquire(&s->lock);
  rk_sync_var *v = find(s, addr, h, NULL);
  int64_t n = 0;
  const uint64_t *from = v == NULL ? NULL : rk_clock_view(&v->clock, &n);
  int rc = v == NULL ? RK_OK : rk_clock_join(thread_clock, from, n); /* missing: no-op */
  rk_lock_release(&s->lock);
  return rc;
}

int rk_sync_release(rk_sync_table *t, uint64_t addr, const rk_clock *thread_clock, bool merge) {
  uint64_t h = mix(addr >> 3);
  rk_sync_stripe *s = stripe_of(t, h);
  rk_lock_acquire(&s->lock);
  rk_sync_var *v = find(s, addr, h, NULL);
  int64_t n = 0;
  const uint64_t *from = rk_clock_view(thread_clock, &n);
  int rc;
  if (v != NULL) {
    rc = merge ? rk_clock_join(&v->clock, from, n) : rk_clock_assign(&v->clock, from, n);
  } else {
    /* A new variable holds the empty clock, so store and merge both leave it a copy of the thread's clock. */
    v = calloc(1, sizeof *v);
    rc = v == NULL ? RK_ENOMEM : rk_clock_assign(&v->clock, from, n);
    if (rc == RK_OK) {
      maybe_grow(s);
      rc = s->nbuckets == 0 ? RK_ENOMEM : RK_OK;
    }
    if (rc == RK_OK) {
      size_t b = h & (s->nbuckets - 1);
      atomic_fetch_add_explicit(group_of(t, addr), 1, memory_order_seq_cst); /* before the variable can be found */
      v->addr = addr;
      v->next = s->buckets[b];
      s->buckets[b] = v;
      s->count++;
      atomic_fetch_add_explicit(&t->total, 1, memory_order_relaxed);
    } else if (v != NULL) {
      free_var(v);
    }
  }
  rk_lock_release(&s->lock);
  return rc;
}

/* Unlinks and frees the variables of the chain at l that lie in [addr, addr + len). Stripe lock held. */
static void remove_from_chain(rk_sync_table *t, rk_sync_stripe *s, rk_sync_var **l, uint64_t addr, uint64_t len) {
  while (*l != NULL) {
    rk_sync_var *v = *l;
    if (v->addr - addr < len) {
      *l = v->next;
      s->count--;
      atomic_fetch_sub_explicit(&t->total, 1, memory_order_relaxed);
      atomic_fetch_sub_explicit(group_of(t, v->addr), 1, memory_order_release); /* after it was unlinked */
      free_var(v);
    } else {
      l = &v->next;
    }
  }
}

/* Forgets the variables of word (an address >> 3) that lie in [addr, addr + len): they all hang in one chain. */
static void remove_in_word(rk_sync_table *t, uint64_t word, uint64_t addr, uint64_t len) {
  uint64_t h = mix(word);
  rk_sync_stripe *s = stripe_of(t, h);
  rk_lock_acquire(&s->lock);
  if (s->nbuckets != 0) {
    remove_from_chain(t, s, &s->buckets[h & (s->nbuckets - 1)], addr, len);
  }
  rk_lock_release(&s->lock);
}

/* Whether some variable may lie in [addr, addr + len): a range of few address blocks whose groups all count zero holds none. */
static bool may_hold(rk_sync_table *t, uint64_t addr, uint64_t len) {
  uint64_t first = addr >> RK_SYNC_BLOCK_SHIFT;
  uint64_t blocks = ((addr + (len - 1)) >> RK_SYNC_BLOCK_SHIFT) - first + 1;
  if (blocks > 64) {
    return true; /* not worth the loads: the walk below costs more anyway */
  }
  for (uint64_t i = 0; i < blocks; i++) {
    if (atomic_load_explicit(group_of(t, (first + i) << RK_SYNC_BLOCK_SHIFT), memory_order_acquire) != 0) {
      return true;
    }
  }
  return false;
}

/* Forgets the variables in [addr, addr + len), at the cost of the smaller of its words and the table. */
void rk_sync_remove_range(rk_sync_table *t, uint64_t addr, uint64_t len) {
  int64_t total = atomic_load_explicit(&t->total, memory_order_relaxed);
  if (len == 0 || total == 0 || !may_hold(t, addr, len)) {
    return;
  }
  uint64_t first = addr >> 3;
  uint64_t words = ((addr + (len - 1)) >> 3) - first + 1; /* len - 1 first: a range may end at the top */
  if (words <= (uint64_t)total) {
    for (uint64_t i = 0; i < words; i++) {
      remove_in_word(t, first + i, addr, len);
    }
    return;
  }
  for (int i = 0; i < RK_SYNC_STRIPES; i++) {
    rk_sync_stripe *s = &t->stripes[i];
    rk_lock_acquire(&s->lock);
    for (size_t b = 0; b < s->nbuckets; b++) {
      remove_from_chain(t, s, &s->buckets[b], addr, len);
    }
    rk_lock_release(&s->lock);
  }
}

int64_t rk_sync_count(rk_sync_table *t) { return atomic_load_explicit(&t->total, memory_order_relaxed); }
