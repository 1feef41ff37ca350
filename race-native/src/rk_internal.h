/*
 * Internal declarations of the native core, shared by its files. Each file owns one concern, like compiler-rt's
 * tsan/rtl: shadow.c (ranges and cells), access.c (the access path), clock.c (vector clocks), sync.c (sync
 * objects), history.c (the per-thread event ring), slots.c (slot allocation and the slot journal), thread.c
 * (thread lifecycle, stack, ignore, synchronization), report.c (report building and the queue), detector.c
 * (lifecycle and the public odds and ends).
 *
 * Every deterministic choice mirrors backend-pure-java (dev.racekit.purejava); the Java class that a part mirrors
 * is named next to it.
 */
#ifndef RK_INTERNAL_H
#define RK_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "platform.h"
#include "racekit.h"

#if defined(_WIN32)
#define RK_INTERNAL /* a DLL exports only what is marked dllexport */
#else
#define RK_INTERNAL __attribute__((visibility("hidden")))
#endif

/* For the few hot-path helpers that the compiler would otherwise call out of line: a call and its register saves
 * cost more than their bodies on the access path. */
#if defined(__GNUC__)
#define RK_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define RK_ALWAYS_INLINE inline
#endif

/* ---- cells (Cell.java) ----
 * bits 0..7 byte mask in the word, 8 read, 9 atomic, 10 freed, 11..24 slot, 25..63 epoch. 0 = empty. */

#define RK_CELL_MASK 0xFFull
#define RK_CELL_READ (1ull << 8)
#define RK_CELL_ATOMIC (1ull << 9)
#define RK_CELL_FREED (1ull << 10)
#define RK_CELL_SLOT_SHIFT 11
#define RK_CELL_SLOT_BITS 14
#define RK_CELL_EPOCH_SHIFT 25
#define RK_MAX_EPOCH ((1ull << (64 - RK_CELL_EPOCH_SHIFT)) - 1)
#define RK_CELLS_PER_WORD 2

_Static_assert(RK_MAX_SLOTS == 1 << RK_CELL_SLOT_BITS, "a cell holds every slot");

typedef _Atomic uint64_t rk_cell; /* shadow and history words: relaxed loads and stores, benign races as in TSan */

static inline uint32_t rk_cell_slot(uint64_t c) {
  return (uint32_t)(c >> RK_CELL_SLOT_SHIFT) & (RK_MAX_SLOTS - 1);
}

static inline uint64_t rk_cell_epoch(uint64_t c) { return c >> RK_CELL_EPOCH_SHIFT; }

static inline uint64_t rk_cell_stamp(uint32_t slot, uint64_t epoch) {
  return ((uint64_t)slot << RK_CELL_SLOT_SHIFT) | (epoch << RK_CELL_EPOCH_SHIFT);
}

/* Bytes of the word that [addr, addr + size) covers; size 1..8 inside the word. */
static inline uint64_t rk_byte_mask(uint64_t addr, uint64_t size) { return ((1ull << size) - 1) << (addr & 7); }

/* Nothing new to record: the same access is in a cell, or a write of this epoch covers this read. */
static inline bool rk_already_recorded(uint64_t c0, uint64_t c1, uint64_t cur) {
  return c0 == cur || c1 == cur
      || ((cur & RK_CELL_READ) != 0 && (c0 == (cur ^ RK_CELL_READ) || c1 == (cur ^ RK_CELL_READ)));
}

static inline int rk_cell_type(uint64_t c) {
  if (c & RK_CELL_FREED) {
    return RK_FREE;
  }
  bool read = (c & RK_CELL_READ) != 0;
  if (c & RK_CELL_ATOMIC) {
    return read ? RK_ATOMIC_READ : RK_ATOMIC_WRITE;
  }
  return read ? RK_READ : RK_WRITE;
}

static inline uint64_t rk_type_bits(int type) {
  switch (type) {
    case RK_READ:
      return RK_CELL_READ;
    case RK_ATOMIC_READ:
      return RK_CELL_READ | RK_CELL_ATOMIC;
    case RK_ATOMIC_WRITE:
      return RK_CELL_ATOMIC;
    case RK_FREE:
      return RK_CELL_FREED;
    default:
      return 0;
  }
}

/* ---- shadow ranges (Shadow.java, ShadowRange.java) ---- */

typedef struct rk_range {
  uint64_t base;
  uint64_t size;
  rk_cell *cells;      /* RK_CELLS_PER_WORD per 8-byte word, reserved with rk_vm_reserve */
  size_t shadow_bytes; /* the reservation, a multiple of the page size */
} rk_range;

/* Copy-on-write array of ranges sorted by base; old arrays are kept until close (at most RK_MAX_RANGES). */
typedef struct rk_ranges {
  struct rk_ranges *retired; /* the array this one replaced */
  int n;
  rk_range r[];
} rk_ranges;

/* ---- growable arrays that a misused thread cannot make dangle ----
 * A thread's clock, shadow stack and history snapshots live in rk_bufs: the capacity travels with the array, so a
 * reader that loaded the pointer once never indexes past it, and a buffer that grew keeps the one it replaced (older)
 * until the owner is freed, so a call that still holds the old pointer (two Java threads feeding one thread at once)
 * reads or writes memory that is still allocated. Lost updates are possible then; corruption is not. */

typedef struct rk_buf {
  struct rk_buf *older; /* the buffer this one replaced, kept until rk_buf_free */
  int64_t cap;
  uint64_t v[];
} rk_buf;

/* A zeroed buffer of at least n entries (doubling from old's capacity) starting with old's entries; NULL when out of
 * memory. keep_old: the new buffer keeps old (else old is freed). */
RK_INTERNAL rk_buf *rk_buf_grow(rk_buf *old, int64_t n, bool keep_old);
/* Frees b and every buffer it replaced. */
RK_INTERNAL void rk_buf_free(rk_buf *b);
/*
 * Makes *slot (which held seen) hold at least n entries: publishes a grown copy that keeps seen, with a
 * compare-and-swap so that two OS threads growing it at once (misuse) leave one chain, nothing orphaned. Only on the
 * growth path, never per event. Returns the buffer now published, or NULL when out of memory.
 */
RK_INTERNAL rk_buf *rk_buf_publish(_Atomic(rk_buf *) *slot, rk_buf *seen, int64_t n);

/* ---- vector clocks (Clock.java): entries past len are epoch 0, and so are the buffer's entries past len ---- */

typedef struct rk_clock {
  _Atomic(rk_buf *) buf; /* NULL for the empty clock */
  _Atomic int64_t len;
  bool keep_old; /* a thread's clock: keep replaced buffers (see rk_buf) */
} rk_clock;

static inline uint64_t rk_clock_get(const rk_clock *c, uint32_t slot) {
  const rk_buf *b = atomic_load_explicit(&c->buf, memory_order_relaxed);
  return b != NULL && (int64_t)slot < b->cap ? b->v[slot] : 0; /* zero past len, so the capacity bounds the read */
}

/* The clock's entries and, in *n, how many may be read: its length, clamped to the buffer loaded. */
static inline const uint64_t *rk_clock_view(const rk_clock *c, int64_t *n) {
  const rk_buf *b = atomic_load_explicit(&c->buf, memory_order_relaxed);
  int64_t len = atomic_load_explicit(&c->len, memory_order_relaxed);
  int64_t cap = b == NULL ? 0 : b->cap;
  *n = len < 0 ? 0 : len > cap ? cap : len;
  return b == NULL ? NULL : b->v;
}

/* rk_clock_reserve's growth, out of line: the buffer holds fewer than n entries. */
RK_INTERNAL int rk_clock_grow(rk_clock *c, int64_t n);

/* Makes c's buffer hold at least n entries; inline, since it almost always does already. */
static inline int rk_clock_reserve(rk_clock *c, int64_t n) {
  const rk_buf *b = atomic_load_explicit(&c->buf, memory_order_relaxed);
  return n <= (b == NULL ? 0 : b->cap) ? RK_OK : rk_clock_grow(c, n);
}

/* into[i] = max(into[i], from[i]); into grows to n when from is longer (Clock.join). Inline: every acquire runs it. */
static inline int rk_clock_join(rk_clock *into, const uint64_t *from, int64_t n) {
  if (rk_clock_reserve(into, n) != RK_OK) {
    return RK_ENOMEM;
  }
  rk_buf *b = atomic_load_explicit(&into->buf, memory_order_relaxed); /* entries past len are zero: no clearing */
  int64_t limit = b == NULL ? 0 : b->cap; /* n, unless another OS thread misuses the owner of into */
  for (int64_t i = 0; i < n && i < limit; i++) {
    if (from[i] > b->v[i]) {
      b->v[i] = from[i];
    }
  }
  if (n > atomic_load_explicit(&into->len, memory_order_relaxed)) {
    atomic_store_explicit(&into->len, n < limit ? n : limit, memory_order_relaxed);
  }
  return RK_OK;
}

/* into = a copy of from, with from's length (a release stores the whole clock); entries past it become zero. Inline:
 * every release runs it. */
static inline int rk_clock_assign(rk_clock *into, const uint64_t *from, int64_t n) {
  if (rk_clock_reserve(into, n) != RK_OK) {
    return RK_ENOMEM;
  }
  rk_buf *b = atomic_load_explicit(&into->buf, memory_order_relaxed);
  int64_t len = atomic_load_explicit(&into->len, memory_order_relaxed);
  if (n <= 8) { /* a clock of a few threads: a call to memcpy costs more than the copy */
    for (int64_t i = 0; i < n; i++) {
      b->v[i] = from[i];
    }
  } else {
    memcpy(b->v, from, (size_t)n * sizeof *from);
  }
  if (len > n) {
    memset(b->v + n, 0, (size_t)(len - n) * sizeof *from);
  }
  atomic_store_explicit(&into->len, n, memory_order_relaxed);
  return RK_OK;
}
RK_INTERNAL void rk_clock_free(rk_clock *c);

/* ---- sync objects (Sync.java): hash table with striped locks ---- */

#define RK_SYNC_STRIPES 128

typedef struct rk_sync_var {
  struct rk_sync_var *next;
  uint64_t addr;
  rk_clock clock; /* guarded by the stripe's lock */
} rk_sync_var;

typedef struct rk_sync_stripe {
  _Alignas(RK_CACHE_LINE) rk_lock lock; /* the table's stripes start on a line: see rk_calloc_lines */
  size_t count;
  size_t nbuckets; /* a power of two, or 0 before the first insert */
  rk_sync_var **buckets;
  char pad[32]; /* a cache line per stripe, so that stripes do not share one */
} rk_sync_stripe;

_Static_assert(sizeof(rk_sync_stripe) == 64, "one cache line per stripe");

/*
 * How many variables lie in each group of address blocks of 2^RK_SYNC_BLOCK_SHIFT bytes (blocks hashed into
 * RK_SYNC_GROUPS groups): a range whose groups all count zero holds no variable, and forgetting it (every malloc and
 * free) takes no stripe lock. A count is raised before its variable is linked and lowered after it is unlinked.
 */
#define RK_SYNC_BLOCK_SHIFT 9
#define RK_SYNC_GROUPS 8192

typedef struct rk_sync_table {
  rk_sync_stripe stripes[RK_SYNC_STRIPES];
  atomic_int_least64_t total;
  atomic_int_least32_t groups[RK_SYNC_GROUPS];
} rk_sync_table;

RK_INTERNAL void rk_sync_init(rk_sync_table *t);
RK_INTERNAL void rk_sync_destroy(rk_sync_table *t);
RK_INTERNAL int rk_sync_acquire(rk_sync_table *t, uint64_t addr, rk_clock *thread_clock);
RK_INTERNAL int rk_sync_release(rk_sync_table *t, uint64_t addr, const rk_clock *thread_clock, bool merge);
RK_INTERNAL void rk_sync_remove_range(rk_sync_table *t, uint64_t addr, uint64_t len);
RK_INTERNAL int64_t rk_sync_count(rk_sync_table *t);

/* ---- history ring (History.java) ---- */

#define RK_HIST_ACCESS (1ull << 60)
#define RK_HIST_ENTER (2ull << 60)
#define RK_HIST_EXIT (3ull << 60)
#define RK_HIST_EPOCH (4ull << 60)
#define RK_HIST_KIND (0xFull << 60)
#define RK_HIST_PAYLOAD ((1ull << 60) - 1)
#define RK_HIST_LEN ((1ull << 48) - 1)

/* History parts that no report reads any more but a late call may still write (see rk_history_retire): reused by
 * new rings, freed only by rk_close. Guarded by the detector lock. */
typedef struct rk_part_pool {
  rk_cell **parts;
  size_t n;
  size_t cap;
} rk_part_pool;

/*
 * Written only by the owning thread, without a lock; read by report building under the detector lock. Buffers are
 * allocated and freed only under the detector lock, so a reader never sees a dangling one; the control fields are
 * relaxed atomics that the reader clamps, so a concurrent writer can never make it go out of bounds.
 */
typedef struct rk_history {
  int64_t part_len; /* longs per part: RK_HISTORY_PART_LONGS << history_size */
  rk_part_pool *pool; /* the detector's: where parts come from first and go when retired */
  rk_cell *_Atomic parts[RK_HISTORY_PARTS]; /* allocated on first use */
  _Atomic(rk_buf *) part_stack[RK_HISTORY_PARTS]; /* snapshot of the call stack (outermost first) when the part began */
  _Atomic int64_t part_stack_len[RK_HISTORY_PARTS];
  _Atomic uint64_t part_epoch[RK_HISTORY_PARTS];
  _Atomic int64_t part_end[RK_HISTORY_PARTS];
  _Atomic int cur;
  _Atomic int64_t pos;
  _Atomic uint64_t started; /* parts started so far */
} rk_history;

RK_INTERNAL void rk_history_init(rk_history *h, int history_size, uint64_t epoch, rk_part_pool *pool);
RK_INTERNAL void rk_history_destroy(rk_history *h);
/* The ring's parts go to the pool for reuse; appends after this are dropped. Under the detector lock. */
RK_INTERNAL void rk_history_retire(rk_history *h);
RK_INTERNAL void rk_part_pool_destroy(rk_part_pool *pool);
RK_INTERNAL int rk_history_reserve_slow(rk_history *h, rk_lock *lock, int64_t n, int64_t depth);
RK_INTERNAL void rk_history_access(rk_history *h, int type, uint64_t addr, uint64_t len, uint64_t pc,
                                   const uint64_t *stack, int64_t depth, uint64_t epoch);

/* An access event's three longs (the layout History.java shares), at p. */
static inline void rk_history_store_access(rk_cell *p, int type, uint64_t addr, uint64_t len, uint64_t pc) {
  atomic_store_explicit(&p[0], RK_HIST_ACCESS | ((uint64_t)type << 48) | len, memory_order_relaxed);
  atomic_store_explicit(&p[1], pc, memory_order_relaxed);
  atomic_store_explicit(&p[2], addr, memory_order_relaxed);
}

/* The other events' longs, at p: enter = 2 (ENTER, pc), exit = 1 (EXIT), epoch = 1 (EPOCH | epoch). */
static inline void rk_history_store_enter(rk_cell *p, uint64_t pc) {
  atomic_store_explicit(&p[0], RK_HIST_ENTER, memory_order_relaxed);
  atomic_store_explicit(&p[1], pc, memory_order_relaxed);
}

static inline void rk_history_store_exit(rk_cell *p) {
  atomic_store_explicit(&p[0], RK_HIST_EXIT, memory_order_relaxed);
}

static inline void rk_history_store_epoch(rk_cell *p, uint64_t epoch) {
  atomic_store_explicit(&p[0], RK_HIST_EPOCH | epoch, memory_order_relaxed);
}

/*
 * Where an event of n longs goes in the current part, for the common case inline: the part exists and the event fits.
 * NULL, with nothing changed, when it does not: the caller takes rk_history_reserve and the out-of-line append, which
 * need the stack and the epoch for the next part's start (neither is loaded on this path).
 */
static inline rk_cell *rk_history_fits(rk_history *h, int64_t n) {
  int64_t pos = atomic_load_explicit(&h->pos, memory_order_relaxed);
  rk_cell *p = atomic_load_explicit(&h->parts[atomic_load_explicit(&h->cur, memory_order_relaxed)
                                              & (RK_HISTORY_PARTS - 1)], memory_order_relaxed);
  if (p == NULL || pos < 0 || pos + n > h->part_len) {
    return NULL;
  }
  atomic_store_explicit(&h->pos, pos + n, memory_order_relaxed);
  return p + pos;
}

/*
 * rk_history_reserve and rk_history_access at once for the common case, inline on the access path: three stores.
 * False, with nothing changed, when the event does not fit (rk_history_fits).
 */
static inline bool rk_history_access_fits(rk_history *h, int type, uint64_t addr, uint64_t len, uint64_t pc) {
  rk_cell *p = rk_history_fits(h, 3);
  if (p == NULL) {
    return false;
  }
  rk_history_store_access(p, type, addr, len, pc);
  return true;
}

RK_INTERNAL void rk_history_enter(rk_history *h, uint64_t pc, const uint64_t *stack, int64_t depth, uint64_t epoch);
RK_INTERNAL void rk_history_exit(rk_history *h, const uint64_t *stack, int64_t depth, uint64_t epoch);
RK_INTERNAL void rk_history_epoch(rk_history *h, const uint64_t *stack, int64_t depth, uint64_t epoch);

/* A growable list of pcs. */
typedef struct rk_pcs {
  uint64_t *v;
  int64_t len;
  int64_t cap;
} rk_pcs;

/* The stack of the last access of type at epoch covering byte_addr: 1 (in *out), 0 when gone, or RK_ENOMEM. */
RK_INTERNAL int rk_history_restore(rk_history *h, uint64_t epoch, uint64_t byte_addr, uint64_t size, int type,
                                   rk_pcs *out);

/*
 * Makes sure the next event of n longs can be appended without allocating: the current part exists, and when the
 * event will not fit, the next part and room for a snapshot of depth frames. Called before any state changes, so
 * that an out-of-memory error changes nothing.
 */
static inline int rk_history_reserve(rk_history *h, rk_lock *lock, int64_t n, int64_t depth) {
  int cur = atomic_load_explicit(&h->cur, memory_order_relaxed) & (RK_HISTORY_PARTS - 1);
  if (atomic_load_explicit(&h->parts[cur], memory_order_relaxed) != NULL && atomic_load_explicit(&h->pos, memory_order_relaxed) + n <= h->part_len) {
    return RK_OK;
  }
  return rk_history_reserve_slow(h, lock, n, depth);
}

/* ---- thread records and slots (ThreadRecord.java, Slots.java) ---- */

/* What outlives a thread for reports; owned by the slot journal and freed when it drops out of it. */
typedef struct rk_record {
  int64_t id;
  uint64_t start_epoch;
  uint64_t *creation; /* creation stack, innermost first */
  int64_t creation_len;
  bool ended;
  bool held;        /* its rk_thread still exists and may write its history: the journal must not free it */
  bool unjournaled; /* dropped out of the journal while held: the rk_thread frees it */
  rk_history history;
} rk_record;

RK_INTERNAL void rk_record_free(rk_record *r);
/* The journal lets go of r: freed now, or by its rk_thread when that is freed (under the detector lock). */
RK_INTERNAL void rk_record_unjournal(rk_record *r);

/* Guarded by the detector lock, except floor, which the access path reads without it (see slots.c). */
typedef struct rk_slots {
  _Atomic uint64_t *floor; /* RK_MAX_SLOTS entries: cells of a slot below its floor are a forgotten owner's */
  int32_t chosen_pos;      /* what rk_slots_choose picked for rk_slots_take: FIFO position, or -1 for fresh */
  bool chosen_forced;      /* ... and whether that is a forced reuse, which raises the slot's floor */
  uint64_t *last_epoch;
  rk_record **current;
  rk_record **previous;
  int32_t cap;   /* of the three arrays above */
  int32_t fresh; /* slots ever handed out */
  int32_t *fifo; /* free slots, oldest first: a ring of RK_MAX_SLOTS */
  int32_t head;
  int32_t count;
} rk_slots;

RK_INTERNAL int rk_slots_init(rk_slots *s);
RK_INTERNAL void rk_slots_destroy(rk_slots *s);
/* Picks the slot for a child of a thread with this clock; nothing changes until rk_slots_take, which must follow
 * under the same hold of the detector lock. */
RK_INTERNAL int rk_slots_choose(rk_slots *s, const rk_clock *parent, int32_t *slot, bool *from_free);
RK_INTERNAL void rk_slots_take(rk_slots *s, bool from_free);
RK_INTERNAL void rk_slots_attach(rk_slots *s, int32_t slot, rk_record *owner);
RK_INTERNAL void rk_slots_release(rk_slots *s, int32_t slot, uint64_t epoch);
RK_INTERNAL rk_record *rk_slots_owner(const rk_slots *s, uint32_t slot, uint64_t epoch);

/* ---- threads (JavaRaceThread.java, Threads.java) ---- */

/* A thread's state; every call loads it once on entry. An rk_thread is freed only by rk_thread_release or rk_close, so
 * a call that raced with the end or the shutdown still runs on allocated memory. */
enum { RK_LIVE = 0, RK_ENDED = 1, RK_CLOSED = 2 };

struct rk_thread {
  rk_thread_head head; /* first: the entry thunks read it at fixed offsets; head.ignore_depth is THE ignore depth */
  rk_detector *d;
  rk_record *record; /* held until the rk_thread is freed */
  int64_t id;
  int32_t slot;
  _Atomic int state;
  bool released; /* the binding let go of it while it was live: freed at rk_close */
  rk_clock clock;
  _Atomic(rk_buf *) stack; /* shadow call stack, outermost first */
  _Atomic int64_t depth;   /* 0..RK_MAX_STACK; may exceed the stack's capacity only under misuse: clamp */
  uint64_t evictions; /* picks the cell to replace when a word is full */
  const _Atomic uint64_t *slot_floor; /* d->slots.floor */
  struct rk_thread *prev_live; /* in d->live while live (or closed), in d->ended once ended */
  struct rk_thread *next_live;
};

_Static_assert(offsetof(struct rk_thread, head) + offsetof(rk_thread_head, filter) == RK_THREAD_FILTER_OFFSET,
               "filter offset");
_Static_assert(offsetof(struct rk_thread, head) + offsetof(rk_thread_head, unmapped) == RK_THREAD_UNMAPPED_OFFSET,
               "unmapped offset");
_Static_assert(offsetof(struct rk_thread, head) + offsetof(rk_thread_head, ignore_depth) == RK_THREAD_IGNORE_OFFSET,
               "ignore offset");
_Static_assert(offsetof(struct rk_thread, head) + offsetof(rk_thread_head, stamp) == RK_THREAD_STAMP_OFFSET,
               "stamp offset");
_Static_assert(RK_SHADOW_CELLS_PER_WORD == RK_CELLS_PER_WORD && RK_CELL_READ == 1ull << RK_SHADOW_READ_BIT
                   && RK_CELL_ATOMIC == 1ull << RK_SHADOW_ATOMIC_BIT,
               "the cell facts bindings read");

/* The slot's entry: every buffer the clock ever had holds at least slot + 1 entries. */
static inline uint64_t rk_thread_epoch(const rk_thread *t) {
  return atomic_load_explicit(&t->clock.buf, memory_order_relaxed)->v[t->slot];
}

/* The code for a call on a thread that is not live. */
static inline int rk_not_live(int state) { return state == RK_ENDED ? RK_EENDED : RK_ECLOSED; }

/* The first check of every call on a thread: RK_OK when t is live, else the call's error code. Inline, so the
 * per-access paths pay nothing for it. */
static inline int rk_live_check(const rk_thread *t) {
  if (t == NULL) {
    return RK_EINVAL;
  }
  int state = atomic_load_explicit(&t->state, memory_order_relaxed);
  return state == RK_LIVE ? RK_OK : rk_not_live(state);
}

/* The shadow stack and, in *depth, its depth clamped to the buffer loaded (they differ only under misuse). */
static inline const uint64_t *rk_thread_stack(const rk_thread *t, int64_t *depth) {
  const rk_buf *s = atomic_load_explicit(&t->stack, memory_order_relaxed);
  int64_t d = atomic_load_explicit(&t->depth, memory_order_relaxed);
  *depth = d < 0 ? 0 : d > s->cap ? s->cap : d;
  return s->v;
}

/* A cell of a slot's earlier owner that a forced reuse made meaningless (Slots.floor): it counts as empty. */
static inline bool rk_cell_forgotten(const rk_thread *t, uint64_t c) {
  return rk_cell_epoch(c) < atomic_load_explicit(&t->slot_floor[rk_cell_slot(c)], memory_order_relaxed);
}

RK_INTERNAL int rk_thread_create(rk_detector *d, rk_thread *parent, uint64_t pc, rk_thread **out);
RK_INTERNAL void rk_thread_free(rk_thread *t); /* under the detector lock, or in rk_close */

/* ---- reports ---- */

typedef struct rk_report_node {
  struct rk_report_node *next;
  int64_t len;
  uint64_t data[];
} rk_report_node;

typedef struct rk_report_queue {
  rk_lock lock;
  rk_report_node *head;
  rk_report_node *tail;
} rk_report_queue;

/* Queues the report of a race between t's access and the earlier access in cell prev; RK_REPORTED or RK_ENOMEM. */
RK_INTERNAL int rk_report_race(rk_thread *t, uint64_t prev, uint64_t word, uint64_t addr, uint64_t size, int type,
                               uint64_t pc);
RK_INTERNAL void rk_reports_destroy(rk_report_queue *q);

/* ---- shadow (shadow.c) ---- */

RK_INTERNAL int rk_shadow_map(rk_detector *d, uint64_t base, uint64_t size);
RK_INTERNAL void rk_shadow_destroy(rk_detector *d);
RK_INTERNAL void rk_shadow_return(rk_detector *d); /* madvise: memory back to the OS, reads give zeros */
RK_INTERNAL bool rk_shadow_touches(const rk_ranges *rs, uint64_t addr, uint64_t len);
/* malloc: every mapped word that [addr, addr + len) touches is cleared; untouched shadow stays untouched. */
RK_INTERNAL void rk_shadow_clear(const rk_ranges *rs, uint64_t addr, uint64_t len);
/* Bytes at the start of a freed block whose words always get the freed marker (Shadow.FREE_MARKED_PREFIX). */
#define RK_FREE_MARKED_PREFIX 1024ull
/* free (Shadow.markFreed): the words of the first RK_FREE_MARKED_PREFIX bytes, and every other word of the
 * range that holds a cell, get cell 0 = freed | bytes covered, the rest 0; other words stay empty. */
RK_INTERNAL void rk_shadow_mark_freed(const rk_ranges *rs, uint64_t addr, uint64_t len, uint64_t freed);
/* Words from c on (at most n) whose shadow is surely all zero because its pages are not resident; 0 when unknown. */
RK_INTERNAL uint64_t rk_shadow_absent_words(const rk_cell *c, uint64_t n);
RK_INTERNAL uint64_t rk_shadow_resident(const rk_ranges *rs);

static inline const rk_range *rk_shadow_find(const rk_ranges *rs, uint64_t addr) {
  for (int i = 0; i < rs->n; i++) {
    if (addr - rs->r[i].base < rs->r[i].size) {
      return &rs->r[i];
    }
  }
  return NULL;
}

/* The part [*lo, *hi] of the inclusive byte span [addr, last] that lies in r; false when they do not overlap. Every
 * walk over the words of a span, range by range, starts with it. */
static inline bool rk_range_clip(const rk_range *r, uint64_t addr, uint64_t last, uint64_t *lo, uint64_t *hi) {
  uint64_t r_last = r->base + r->size - 1;
  *lo = addr > r->base ? addr : r->base;
  *hi = last < r_last ? last : r_last;
  return *lo <= *hi;
}

/* The shadow cells of the word of r that holds addr. */
static inline rk_cell *rk_range_cells(const rk_range *r, uint64_t addr) {
  return r->cells + ((addr - r->base) >> 3) * RK_CELLS_PER_WORD;
}

/* A walk that only reads shadow calls this on its first word and where a shadow page starts: it steps *word and *c
 * past the words whose shadow pages are not resident (they hold no cell), and is false when that is every word up to
 * last_word, so the walk is done. */
static inline bool rk_skip_absent_pages(uint64_t *word, rk_cell **c, uint64_t last_word, bool at_start, size_t page) {
  if (at_start || ((uintptr_t)*c & (page - 1)) == 0) {
    uint64_t left = ((last_word - *word) >> 3) + 1;
    uint64_t skip = rk_shadow_absent_words(*c, left);
    if (skip == left) {
      return false;
    }
    *word += skip * 8;
    *c += skip * RK_CELLS_PER_WORD;
  }
  return true;
}

/* ---- the detector ---- */

struct rk_detector {
  rk_filter filter;   /* bounding box of the ranges, read by the range-access thunks */
  rk_filter pass_all; /* what an ended thread's filter points to, so the thunks defer to the core */
  _Atomic(rk_ranges *) ranges;
  /* The same ranges in the order they were mapped, so a range's index never changes: the thunk backend classifies
   * an address in Java and passes this index (rk_access_mapped). Written under lock, count published last. */
  rk_range in_order[RK_MAX_RANGES];
  _Atomic int in_order_n;
  rk_lock lock; /* thread lifecycle, slots, mapping, history buffers, report building */
  int history_size;
  rk_slots slots;
  rk_thread *live;      /* live threads (closed ones too, after rk_shutdown) */
  rk_thread *ended;     /* ended threads not yet released; freed at rk_thread_release or rk_close */
  rk_thread *main;      /* kept until close even when ended or released, so later calls on it fail */
  _Atomic bool closed;  /* rk_shutdown ran */
  uint64_t ended_unmapped;
  int64_t next_id;
  rk_sync_table syncs;
  rk_report_queue reports;
  rk_part_pool parts; /* history parts of records that dropped out of the journal while their thread was held */
};

static inline const rk_ranges *rk_ranges_of(rk_detector *d) {
  return atomic_load_explicit(&d->ranges, memory_order_acquire);
}

/*
 * The sized access of the thunk backend (racekit_thunks.h), reached only through the amd64 thunks. The binding has
 * made every other check once, in Java: the thread handle is live, the size is 1, 2, 4 or 8 inside one word, the
 * thread is not ignoring, addr lies in the range mapped range'th (0 first), and the access is not already recorded.
 * What stays here is what only the core can tell or what guards a store: the thread's state at the time of the call
 * (RK_EENDED, RK_ECLOSED), and that range is a mapped index whose range holds addr (else RK_EINVAL, nothing touched).
 * type is RK_READ..RK_ATOMIC_WRITE, fixed by the thunk.
 */
RK_INTERNAL int rk_access_mapped(rk_thread *t, uint64_t addr, uint64_t size, uint64_t pc, uint64_t range,
                                 uint64_t type);

#endif /* RK_INTERNAL_H */
