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
  if (depth > 0) { /* rk_history_reserve made room */
    memcpy(h->part_stack[index], stack, (size_t)depth * sizeof *stack);
  }
  STORE(&h->part_stack_len[index], depth);
  STORE(&h->pos, 0);
  STORE(&h->started, LOAD(&h->started) + 1);
}

void rk_history_init(rk_history *h, int history_size, uint64_t epoch) {
  memset(h, 0, sizeof *h);
  h->part_len = (int64_t)RK_HISTORY_PART_LONGS << history_size;
  start_part(h, 0, NULL, 0, epoch); /* the part's memory comes with the first event */
}

void rk_history_destroy(rk_history *h) {
  for (int i = 0; i < RK_HISTORY_PARTS; i++) {
    free(h->parts[i]);
    free(h->part_stack[i]);
    h->parts[i] = NULL;
    h->part_stack[i] = NULL;
  }
}

/* Under the detector lock, so that report building never reads a buffer that is being replaced. */
int rk_history_reserve_slow(rk_history *h, rk_lock *lock, int64_t n, int64_t depth) {
  int rc = RK_OK;
  rk_lock_acquire(lock);
  int cur = LOAD(&h->cur);
  if (h->parts[cur] == NULL) {
    h->parts[cur] = calloc((size_t)h->part_len, sizeof(rk_cell));
    rc = h->parts[cur] == NULL ? RK_ENOMEM : RK_OK;
  }
  if (rc == RK_OK && LOAD(&h->pos) + n > h->part_len) {
    int next = (cur + 1) % RK_HISTORY_PARTS;
    if (h->parts[next] == NULL) {
      h->parts[next] = calloc((size_t)h->part_len, sizeof(rk_cell));
      rc = h->parts[next] == NULL ? RK_ENOMEM : RK_OK;
    }
    if (rc == RK_OK && h->part_stack_cap[next] < depth) {
      /* Copy the old snapshot: until the switch, that part may be the oldest one a replay starts from. */
      int64_t cap = h->part_stack_cap[next] * 2 > depth ? h->part_stack_cap[next] * 2 : depth;
      uint64_t *s = malloc((size_t)cap * sizeof *s);
      if (s == NULL) {
        rc = RK_ENOMEM;
      } else {
        int64_t len = LOAD(&h->part_stack_len[next]);
        if (len > 0) {
          memcpy(s, h->part_stack[next], (size_t)len * sizeof *s);
        }
        free(h->part_stack[next]);
        h->part_stack[next] = s;
        h->part_stack_cap[next] = cap;
      }
    }
  }
  rk_lock_release(lock);
  return rc;
}

static void next_part(rk_history *h, const uint64_t *stack, int64_t depth, uint64_t epoch) {
  int cur = LOAD(&h->cur);
  STORE(&h->part_end[cur], LOAD(&h->pos));
  start_part(h, (cur + 1) % RK_HISTORY_PARTS, stack, depth, epoch);
}

void rk_history_access(rk_history *h, int type, uint64_t addr, uint64_t len, uint64_t pc, const uint64_t *stack,
                       int64_t depth, uint64_t epoch) {
  if (LOAD(&h->pos) + 3 > h->part_len) {
    next_part(h, stack, depth, epoch);
  }
  int64_t pos = LOAD(&h->pos);
  rk_cell *p = h->parts[LOAD(&h->cur)];
  STORE(&p[pos], RK_HIST_ACCESS | ((uint64_t)type << 48) | len);
  STORE(&p[pos + 1], pc);
  STORE(&p[pos + 2], addr);
  STORE(&h->pos, pos + 3);
}

void rk_history_enter(rk_history *h, uint64_t pc, const uint64_t *stack, int64_t depth, uint64_t epoch) {
  if (LOAD(&h->pos) + 2 > h->part_len) {
    next_part(h, stack, depth, epoch);
  }
  int64_t pos = LOAD(&h->pos);
  rk_cell *p = h->parts[LOAD(&h->cur)];
  STORE(&p[pos], RK_HIST_ENTER);
  STORE(&p[pos + 1], pc);
  STORE(&h->pos, pos + 2);
}

void rk_history_exit(rk_history *h, const uint64_t *stack, int64_t depth, uint64_t epoch) {
  if (LOAD(&h->pos) + 1 > h->part_len) {
    next_part(h, stack, depth, epoch);
  }
  int64_t pos = LOAD(&h->pos);
  STORE(&h->parts[LOAD(&h->cur)][pos], RK_HIST_EXIT);
  STORE(&h->pos, pos + 1);
}

void rk_history_epoch(rk_history *h, const uint64_t *stack, int64_t depth, uint64_t epoch) {
  if (LOAD(&h->pos) + 1 > h->part_len) {
    next_part(h, stack, depth, epoch);
  }
  /* Written even at the start of a part: a replay that began in an earlier part reads epochs only from events. */
  int64_t pos = LOAD(&h->pos);
  STORE(&h->parts[LOAD(&h->cur)][pos], RK_HIST_EPOCH | epoch);
  STORE(&h->pos, pos + 1);
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
  int64_t depth = LOAD(&h->part_stack_len[oldest]);
  if (depth < 0 || depth > h->part_stack_cap[oldest]) {
    depth = depth < 0 ? 0 : h->part_stack_cap[oldest];
  }
  if (pcs_reserve(&stack, depth) != RK_OK) {
    return RK_ENOMEM;
  }
  if (depth > 0) {
    memcpy(stack.v, h->part_stack[oldest], (size_t)depth * sizeof *stack.v);
  }
  int found = 0;
  for (int k = 0; k < count; k++) {
    int index = (oldest + k) & (RK_HISTORY_PARTS - 1);
    const rk_cell *p = h->parts[index];
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
