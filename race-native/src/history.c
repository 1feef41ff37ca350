/*
 * A thread's bounded event history (History.java): accesses with their pcs, function entries and exits, and
 * epoch changes, so that the stack of an earlier access can be rebuilt when it races.
 *
 * Four parts of part_len longs; each part starts with a snapshot of the call stack and the epoch, so a replay can
 * begin at the oldest part still present. Events: access = 3 longs (ACCESS | type << 48 | len, pc, addr),
 * enter = 2 (ENTER, pc), exit = 1 (EXIT), epoch = 1 (EPOCH | epoch).
 */
#include <stdlib.h>
#include <string.h>

#include "rk_internal.h"

#define LOAD(p) atomic_load_explicit((p), memory_order_relaxed)
#define STORE(p, v) atomic_store_explicit((p), (v), memory_order_relaxed)

static void start_part(rk_history *h, int index, const uint64_t *stack, int64_t depth, uint64_t epoch) {
  STORE(&h->cur, index);
  STORE(&h->part_epoch[index], epoch);
  rk_buf *snapshot = LOAD(&h->part_stack[index]);
  int64_t room = snapshot == NULL ? 0 : snapshot->cap;
  if (depth > room) {
    depth = room; /* rk_history_reserve made room; less only when several OS threads feed this thread at once */
  }
  if (depth > 0) {
    memcpy(snapshot->v, stack, (size_t)depth * sizeof *stack);
  }
  STORE(&h->part_stack_len[index], depth);
  STORE(&h->pos, 0);
  STORE(&h->started, LOAD(&h->started) + 1);
}

void rk_history_init(rk_history *h, int history_size, uint64_t epoch, rk_part_pool *pool) {
  memset(h, 0, sizeof *h);
  h->part_len = (int64_t)RK_HISTORY_PART_LONGS << history_size;
  h->pool = pool;
  start_part(h, 0, NULL, 0, epoch); /* the part's memory comes with the first event */
}

void rk_history_destroy(rk_history *h) {
  for (int i = 0; i < RK_HISTORY_PARTS; i++) {
    free(LOAD(&h->parts[i]));
    rk_buf_free(LOAD(&h->part_stack[i]));
    STORE(&h->parts[i], NULL);
    STORE(&h->part_stack[i], NULL);
  }
}

/*
 * A retired ring (its record dropped out of the slot journal while its thread still exists) gives its parts to the
 * pool instead of keeping them until the thread is released: a thread that ended long ago would otherwise hold its
 * ring until the garbage collector runs, and new rings would need fresh pages. A call that loaded a part pointer just
 * before may still append a few words to it: memory-safe (every part of a detector has the same length and lives
 * until rk_close), at worst a garbled event in the ring that reuses it.
 */
void rk_history_retire(rk_history *h) {
  rk_part_pool *pool = h->pool;
  for (int i = 0; pool != NULL && i < RK_HISTORY_PARTS; i++) {
    rk_cell *p = LOAD(&h->parts[i]);
    if (p == NULL) {
      continue;
    }
    if (pool->n == pool->cap) {
      size_t cap = pool->cap == 0 ? 64 : pool->cap * 2;
      rk_cell **grown = realloc(pool->parts, cap * sizeof *grown);
      if (grown == NULL) {
        return; /* the ring keeps the rest: freed with its record */
      }
      pool->parts = grown;
      pool->cap = cap;
    }
    STORE(&h->parts[i], NULL);
    pool->parts[pool->n++] = p;
  }
}

void rk_part_pool_destroy(rk_part_pool *pool) {
  for (size_t i = 0; i < pool->n; i++) {
    free(pool->parts[i]);
  }
  free(pool->parts);
  memset(pool, 0, sizeof *pool);
}

/* A part for a ring: a pooled one (its old contents are never read: a replay stops at pos or part_end), or zeroed. */
static rk_cell *new_part(rk_history *h) {
  if (h->pool != NULL && h->pool->n > 0) {
    return h->pool->parts[--h->pool->n];
  }
  return calloc((size_t)h->part_len, sizeof(rk_cell));
}

/*
 * Under the detector lock, so that report building never reads a buffer that is being replaced. Buffers are never
 * freed before the history is: a snapshot that grows keeps the one it replaced, which an unlocked writer may hold.
 */
int rk_history_reserve_slow(rk_history *h, rk_lock *lock, int64_t n, int64_t depth) {
  int rc = RK_OK;
  rk_lock_acquire(lock);
  int cur = LOAD(&h->cur) & (RK_HISTORY_PARTS - 1);
  if (LOAD(&h->parts[cur]) == NULL) {
    rk_cell *p = new_part(h);
    STORE(&h->parts[cur], p);
    rc = p == NULL ? RK_ENOMEM : RK_OK;
  }
  if (rc == RK_OK && LOAD(&h->pos) + n > h->part_len) {
    int next = (cur + 1) % RK_HISTORY_PARTS;
    if (LOAD(&h->parts[next]) == NULL) {
      rk_cell *p = new_part(h);
      STORE(&h->parts[next], p);
      rc = p == NULL ? RK_ENOMEM : RK_OK;
    }
    rk_buf *snapshot = LOAD(&h->part_stack[next]);
    if (rc == RK_OK && depth > 0 && (snapshot == NULL || snapshot->cap < depth)) {
      /* Keeps the old snapshot's frames: until the switch, that part may be the oldest one a replay starts from. */
      rk_buf *grown = rk_buf_grow(snapshot, snapshot != NULL && snapshot->cap * 2 > depth ? snapshot->cap * 2 : depth,
                                  true);
      if (grown == NULL) {
        rc = RK_ENOMEM;
      } else {
        STORE(&h->part_stack[next], grown);
      }
    }
  }
  rk_lock_release(lock);
  return rc;
}

static void next_part(rk_history *h, const uint64_t *stack, int64_t depth, uint64_t epoch) {
  int cur = LOAD(&h->cur) & (RK_HISTORY_PARTS - 1);
  STORE(&h->part_end[cur], LOAD(&h->pos));
  start_part(h, (cur + 1) % RK_HISTORY_PARTS, stack, depth, epoch);
}

/*
 * Where the next event of n longs goes, switching parts when it does not fit, or NULL. Every index is loaded once
 * and checked before the store: NULL (the event is dropped) happens only when several OS threads feed this thread
 * at once and one of them moved the ring past what the other reserved.
 */
static rk_cell *append_at(rk_history *h, int64_t n, const uint64_t *stack, int64_t depth, uint64_t epoch) {
  int64_t pos = LOAD(&h->pos);
  if (pos < 0 || pos + n > h->part_len) {
    next_part(h, stack, depth, epoch);
    pos = 0;
  }
  rk_cell *p = LOAD(&h->parts[LOAD(&h->cur) & (RK_HISTORY_PARTS - 1)]);
  if (p == NULL) {
    return NULL;
  }
  STORE(&h->pos, pos + n);
  return p + pos;
}

void rk_history_access(rk_history *h, int type, uint64_t addr, uint64_t len, uint64_t pc, const uint64_t *stack,
                       int64_t depth, uint64_t epoch) {
  rk_cell *p = append_at(h, 3, stack, depth, epoch);
  if (p != NULL) {
    rk_history_store_access(p, type, addr, len, pc);
  }
}

void rk_history_enter(rk_history *h, uint64_t pc, const uint64_t *stack, int64_t depth, uint64_t epoch) {
  rk_cell *p = append_at(h, 2, stack, depth, epoch);
  if (p != NULL) {
    rk_history_store_enter(p, pc);
  }
}

void rk_history_exit(rk_history *h, const uint64_t *stack, int64_t depth, uint64_t epoch) {
  rk_cell *p = append_at(h, 1, stack, depth, epoch);
  if (p != NULL) {
    rk_history_store_exit(p);
  }
}

void rk_history_epoch(rk_history *h, const uint64_t *stack, int64_t depth, uint64_t epoch) {
  /* Written even at the start of a part: a replay that began in an earlier part reads epochs only from events. */
  rk_cell *p = append_at(h, 1, stack, depth, epoch);
  if (p != NULL) {
    rk_history_store_epoch(p, epoch);
  }
}

static int pcs_reserve(rk_pcs *s, int64_t n) {
  if (n <= s->cap) {
    return RK_OK;
  }
  int64_t cap = s->cap < 16 ? 16 : s->cap;
  while (cap < n) {
    cap *= 2;
  }
  uint64_t *v = realloc(s->v, (size_t)cap * sizeof *v);
  if (v == NULL) {
    return RK_ENOMEM;
  }
  s->v = v;
  s->cap = cap;
  return RK_OK;
}

/* pc followed by the call sites of stack[0..depth), innermost first (History.innermostFirst). */
static int innermost_first(rk_pcs *out, uint64_t pc, const uint64_t *stack, int64_t depth) {
  if (pcs_reserve(out, depth + 1) != RK_OK) {
    return RK_ENOMEM;
  }
  out->v[0] = pc;
  for (int64_t i = 0; i < depth; i++) {
    out->v[i + 1] = stack[depth - 1 - i];
  }
  out->len = depth + 1;
  return RK_OK;
}

/*
 * Replays from the oldest part, keeping the LAST access of type at epoch that covered all of
 * [byte_addr, byte_addr + size); gives up when the oldest part began after epoch, exactly as History.restore. Called under the detector lock; the owner may be appending concurrently, so every index read
 * from shared state is clamped.
 */
int rk_history_restore(rk_history *h, uint64_t epoch, uint64_t byte_addr, uint64_t size, int type, rk_pcs *out) {
  uint64_t started = LOAD(&h->started);
  int cur = LOAD(&h->cur) & (RK_HISTORY_PARTS - 1);
  int count = started < RK_HISTORY_PARTS ? (int)started : RK_HISTORY_PARTS;
  int oldest = started > RK_HISTORY_PARTS ? (cur + 1) & (RK_HISTORY_PARTS - 1) : 0;
  uint64_t e = LOAD(&h->part_epoch[oldest]);
  if (e > epoch) {
    return 0;
  }
  rk_pcs stack = {0};
  const rk_buf *snapshot = LOAD(&h->part_stack[oldest]);
  int64_t room = snapshot == NULL ? 0 : snapshot->cap;
  int64_t depth = LOAD(&h->part_stack_len[oldest]);
  if (depth < 0 || depth > room) {
    depth = depth < 0 ? 0 : room;
  }
  if (pcs_reserve(&stack, depth) != RK_OK) {
    return RK_ENOMEM;
  }
  if (depth > 0) {
    memcpy(stack.v, snapshot->v, (size_t)depth * sizeof *stack.v);
  }
  int found = 0;
  for (int k = 0; k < count; k++) {
    int index = (oldest + k) & (RK_HISTORY_PARTS - 1);
    const rk_cell *p = LOAD(&h->parts[index]);
    int64_t end = index == cur ? LOAD(&h->pos) : LOAD(&h->part_end[index]);
    if (p == NULL) {
      continue;
    }
    if (end < 0 || end > h->part_len) {
      end = end < 0 ? 0 : h->part_len;
    }
    int64_t i = 0;
    while (i < end) {
      uint64_t head = LOAD(&p[i]);
      uint64_t kind = head & RK_HIST_KIND;
      if (kind == RK_HIST_ACCESS) {
        if (i + 3 > h->part_len) {
          break;
        }
        uint64_t len = head & RK_HIST_LEN;
        int t = (int)((head >> 48) & 0xF);
        uint64_t pc = LOAD(&p[i + 1]);
        uint64_t addr = LOAD(&p[i + 2]);
        if (e == epoch && t == type && byte_addr - addr < len && byte_addr + size - 1 - addr < len) {
          if (innermost_first(out, pc, stack.v, depth) != RK_OK) {
            found = RK_ENOMEM;
            goto done;
          }
          found = 1;
        }
        i += 3;
      } else if (kind == RK_HIST_ENTER) {
        if (i + 2 > h->part_len) {
          break;
        }
        if (pcs_reserve(&stack, depth + 1) != RK_OK) {
          found = RK_ENOMEM;
          goto done;
        }
        stack.v[depth++] = LOAD(&p[i + 1]);
        i += 2;
      } else if (kind == RK_HIST_EXIT) {
        if (depth > 0) {
          depth--;
        }
        i++;
      } else {
        e = head & RK_HIST_PAYLOAD;
        if (e > epoch) {
          goto done;
        }
        i++;
      }
    }
  }
done:
  free(stack.v);
  return found;
}
