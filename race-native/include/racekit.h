/*
 * RaceKit native detector core: the C API.
 *
 * The same happens-before detector as backend-pure-java (dev.racekit.purejava), with the same deterministic
 * choices, so that for one event stream both give the same reports. Two bindings call it: plain JNI
 * (backend-jni) and FFM critical downcalls into amd64 entry thunks (backend-thunk-amd64). Both are written
 * against this header; the FFM layouts are checked against RK_* constants exported below.
 *
 * Threads: the caller passes the thread state explicitly (like Go's racectx), so no call does a thread-local
 * lookup. One rk_thread is meant to be used by one OS thread at a time; different rk_threads may be used
 * concurrently. Misuse is memory-safe: several OS threads using one rk_thread at once, a call racing with
 * rk_thread_end of its thread or with rk_shutdown of its detector may lose or invent reports of that thread, but
 * never touch freed memory, because nothing a call can reach is freed before rk_thread_release or rk_close, which
 * the caller makes only when no call on that thread (or detector) can still run. (One remote exception to "that
 * thread only": a call stalled across two later owners of its slot may append a stale event to a history ring that
 * was reused meanwhile, which can garble one restored stack of another thread.)
 *
 * Errors: calls return RK_OK (0), RK_REPORTED (1: this call queued at least one race report; drain them with
 * rk_next_report), or a negative RK_E* code. A call that returns an error changed nothing (two exceptions, noted at
 * RK_ENOMEM and RK_EEPOCH). Arguments are validated before any memory is touched; a thread's state (ended) is
 * checked before its arguments, as in the Java backend.
 */
#ifndef RACEKIT_H
#define RACEKIT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define RK_API __declspec(dllexport)
#else
#define RK_API __attribute__((visibility("default")))
#endif

/* Version of this interface; a binding refuses a library with another. */
#define RK_ABI_VERSION 2

/* Return codes. */
#define RK_OK 0
#define RK_REPORTED 1
#define RK_EINVAL (-1)          /* bad size, length, alignment, overlap, null pointer */
#define RK_EENDED (-2)          /* the thread has ended */
#define RK_ESTACK_OVERFLOW (-3) /* shadow stack deeper than RK_MAX_STACK */
#define RK_ESTACK_EMPTY (-4)    /* func_exit with an empty shadow stack */
#define RK_EIGNORE (-5)         /* ignore_end without ignore_begin */
#define RK_ETHREADS (-6)        /* RK_MAX_SLOTS threads alive at once */
#define RK_ENOT_ENDED (-7)      /* join of a thread that has not ended (for bindings: the core joins a clock) */
#define RK_ENOMEM (-8)          /* out of memory (or address space for shadow); when a race was found but its
                                   report could not be queued, the access was still processed */
#define RK_EEPOCH (-9)          /* a slot's epoch space is exhausted; a recycled slot found exhausted at
                                   rk_thread_start is retired, as the Java backend's Slots.allocate does */
#define RK_ERANGES (-10)        /* RK_MAX_RANGES ranges already mapped */
#define RK_ECLOSED (-11)        /* the detector was shut down (rk_shutdown) */

/* Limits, the same as the Java backend's. */
#define RK_MAX_SLOTS 16384
#define RK_MAX_STACK (1 << 20)
#define RK_MAX_RANGES 64
#define RK_MAX_RANGE_SIZE (64ULL << 30)
#define RK_MAX_ACCESS_RANGE (1ULL << 40)
#define RK_SLOT_QUARANTINE 64
#define RK_HISTORY_PARTS 4
#define RK_HISTORY_PART_LONGS 2048 /* << history_size */

/* Access types, in the order of dev.racekit.AccessType. */
#define RK_READ 0
#define RK_WRITE 1
#define RK_ATOMIC_READ 2
#define RK_ATOMIC_WRITE 3
#define RK_FREE 4

/* Report kinds, in the order of dev.racekit.RaceReport.Kind. */
#define RK_DATA_RACE 0
#define RK_USE_AFTER_FREE 1

typedef struct rk_detector rk_detector;
typedef struct rk_thread rk_thread;

/*
 * The address filter of the amd64 range-access thunks (backend-thunk-amd64), read through rk_thread_head.filter:
 * the bounding box [lo, last] of all mapped ranges, both ends inclusive so that a range ending at the top of the
 * address space fits (lo = UINT64_MAX, last = 0 before the first rk_map_shadow: nothing passes). rk_map_shadow widens
 * it; the core itself never reads it. A range access passes when [addr, addr + len - 1] overlaps it, and an empty
 * range always does; a passing access jumps into the core, which looks the range up in the ranges themselves, since
 * the gaps between ranges are inside the box too. An access that does not pass never reaches the core: the thunk adds
 * 1 to head.unmapped (nothing while head.ignore_depth is not 0) and returns RK_OK, before the core's checks of the
 * thread's state and of the length. So an ended thread's filter is one that passes everything (see rk_thread_head);
 * a closed thread's (after rk_shutdown) is not, and callers check their arguments and the thread's state first, as
 * the Java bindings do. Sized accesses do not use it: both Java bindings filter them with their own copy of the
 * ranges (MappedLayout) before any call, so an unmapped one costs no call at all, and the sized thunks pass the index
 * of the range Java found to the core (backend-thunk-amd64/README.md lists which layer makes each check).
 */
typedef struct rk_filter {
  uint64_t lo;
  uint64_t last;
} rk_filter;

/*
 * The first fields of every rk_thread, at fixed offsets so the amd64 thunks can use them without a call.
 * RK_THREAD_FILTER_OFFSET and RK_THREAD_UNMAPPED_OFFSET below must match; rk_layout() exports them at run time.
 */
typedef struct rk_thread_head {
  /* The detector's filter (offset 0). Once the thread has ended (its rk_thread lives on until released), it points
   * to a filter that passes every address (lo 0, last UINT64_MAX), so that the thunks call the core, which answers
   * RK_EENDED, instead of counting the access. */
  const rk_filter *filter;
  uint64_t unmapped;       /* accesses outside every mapped range (offset 8) */
  uint64_t ignore_depth;   /* THE ignore depth of the thread (offset 16): the core keeps it here, and a thunk
                              counts a filtered access as unmapped only when it is 0, exactly as the core does */
  uint64_t stamp;          /* THE slot and epoch bits of the thread's shadow cells (offset 24), so a binding can
                              tell, without a call, that an access is already recorded (see rk_shadow_cells) */
} rk_thread_head;

#define RK_THREAD_FILTER_OFFSET 0
#define RK_THREAD_UNMAPPED_OFFSET 8
#define RK_THREAD_IGNORE_OFFSET 16
#define RK_THREAD_STAMP_OFFSET 24

/* What a binding needs to read shadow cells (rk_shadow_cells): cells per word and the access-type bits of a cell. */
#define RK_SHADOW_CELLS_PER_WORD 2
#define RK_SHADOW_READ_BIT 8
#define RK_SHADOW_ATOMIC_BIT 9

/* ---- detector lifecycle ---- */

/* Version check for bindings. */
RK_API int rk_abi_version(void);

/*
 * Layout facts for bindings: 0 filter offset, 1 unmapped offset, 2 ignore offset, 3 sizeof(rk_filter),
 * 4 stamp offset, 5 shadow cells per 8-byte word. Returns the count.
 */
RK_API int rk_layout(int64_t *out, int cap);

/* Opens a detector with history_size 0..7. NULL on bad argument or no memory. The main thread exists. */
RK_API rk_detector *rk_open(int history_size);

/*
 * Shuts the detector down without freeing what a call still running on another OS thread can reach: every live
 * thread becomes closed (every later call on it returns RK_ECLOSED, as do rk_thread_start and rk_map_shadow), the
 * shadow's memory goes back to the OS (madvise: a late reader sees zeros, the address space stays reserved), and the
 * queued reports are dropped (rk_next_report returns 0 from now on). Idempotent. Free it all with rk_close later.
 */
RK_API void rk_shutdown(rk_detector *d);

/*
 * Frees everything: the detector, its shadow, and every rk_thread not yet released (live, ended or closed). No
 * call on the detector or its threads may be running or follow (a binding calls it once nothing can reach d).
 */
RK_API void rk_close(rk_detector *d);

/* The main thread (id 0). */
RK_API rk_thread *rk_main_thread(rk_detector *d);

/* Maps [base, base + size): base and size multiples of 8, 8 <= size <= 64 GiB, no wrap, no overlap. */
RK_API int rk_map_shadow(rk_detector *d, uint64_t base, uint64_t size);

/*
 * The shadow cells of the mapped range that starts at base (RK_CELLS_PER_WORD uint64 per 8-byte word, in address
 * order), or 0 when no range starts there. Valid until rk_close (after rk_shutdown they read as zero). A binding may READ them to skip a call when the
 * access is already recorded: cells[i] == (byte mask | type bits | head.stamp), exactly the core's first check.
 */
RK_API uint64_t rk_shadow_cells(rk_detector *d, uint64_t base);

/* Accesses ignored because they were outside every mapped range, over all threads (live and ended). */
RK_API uint64_t rk_unmapped_count(rk_detector *d);

/* Bytes of shadow memory resident (touched) now, for memory accounting. */
RK_API uint64_t rk_shadow_resident_bytes(rk_detector *d);

/* ---- threads ---- */

/* Starts a thread; *out receives it. Everything the parent did before happens before the child. */
RK_API int rk_thread_start(rk_detector *d, rk_thread *parent, uint64_t pc, rk_thread **out);

/* The thread's id (0 main, then 1, 2, ...); RK_EINVAL for NULL. */
RK_API int64_t rk_thread_id(rk_thread *t);

/* Length of the thread's vector clock (the caller sizes the buffer for rk_thread_end with it); RK_EENDED once ended. */
RK_API int64_t rk_thread_clock_length(rk_thread *t);

/*
 * Ends the thread: copies its final vector clock to clock_out (clock_cap entries; must be at least
 * rk_thread_clock_length, else RK_EINVAL) and recycles its slot. Returns the clock length written, or an error.
 * The rk_thread is NOT freed: every later call on it returns RK_EENDED (rk_thread_id still works) until the caller
 * frees it with rk_thread_release (or rk_close does). Until then it keeps a few hundred bytes: its history ring goes
 * to a per-detector pool once no report can need it, as the ring of a released thread is freed. The main thread may
 * be ended too.
 */
RK_API int64_t rk_thread_end(rk_detector *d, rk_thread *t, uint64_t *clock_out, int64_t clock_cap);

/*
 * The caller lets go of t: no call on it is running or will follow. An ended (or, after rk_shutdown, closed)
 * thread is freed now; a live one keeps its slot and is freed by rk_close; the main thread is freed by rk_close.
 * RK_EINVAL for NULL or a thread of another detector.
 */
RK_API int rk_thread_release(rk_detector *d, rk_thread *t);

/* Joins an ended thread, given the final clock that rk_thread_end returned. */
RK_API int rk_thread_join(rk_thread *t, const uint64_t *child_clock, int64_t length);

/* ---- hot path ---- */

/* Sized access: size 1, 2, 4, 8 inside one 8-byte word; type RK_READ..RK_ATOMIC_WRITE. */
RK_API int rk_access(rk_thread *t, uint64_t addr, uint64_t size, uint64_t type, uint64_t pc);
RK_API int rk_read(rk_thread *t, uint64_t addr, uint64_t size, uint64_t pc);
RK_API int rk_write(rk_thread *t, uint64_t addr, uint64_t size, uint64_t pc);

/* Range access: every byte of [addr, addr + len); type RK_READ or RK_WRITE; 0 <= len <= 2^40, no wrap. */
RK_API int rk_access_range(rk_thread *t, uint64_t addr, uint64_t len, uint64_t type, uint64_t pc);

RK_API int rk_func_enter(rk_thread *t, uint64_t pc);
RK_API int rk_func_exit(rk_thread *t);

/* ---- synchronization and memory ---- */

RK_API int rk_acquire(rk_thread *t, uint64_t sync);
RK_API int rk_release(rk_thread *t, uint64_t sync);
RK_API int rk_release_merge(rk_thread *t, uint64_t sync);
RK_API int rk_ignore_begin(rk_thread *t);
RK_API int rk_ignore_end(rk_thread *t);
/* malloc: [addr, addr + len) is fresh, its shadow and sync objects are cleared; costs what was touched inside. */
RK_API int rk_malloc(rk_thread *t, uint64_t addr, uint64_t len);
/* free: checked like a write of the range; afterwards an unordered access is a use after free in the first KiB and
 * in every word that held a cell. Untouched words past the first KiB get no marker, so the cost follows what was
 * touched, not len (RaceThread.free documents the same). */
RK_API int rk_free(rk_thread *t, uint64_t addr, uint64_t len, uint64_t pc);

/* ---- reports ---- */

/*
 * Takes the oldest queued report, flattened into out[0..cap). Returns the number of uint64 it needs (and wrote,
 * when cap was enough), or 0 when the queue is empty. When cap is too small nothing is taken: call again with a
 * larger buffer; RK_EINVAL when cap < 0 or out is NULL with cap > 0. Layout (all uint64; thread ids as int64,
 * -1 = unknown):
 *
 *   [0] kind
 *   [1..6]   current: thread id, address, size, type, restored (1), stack length C
 *   [7..12]  previous: thread id, address, size, type, restored (0/1), stack length P (0 if not restored)
 *   [13..15] current thread: id, running (0/1), creation stack length X
 *   [16..18] previous thread: id, running (0/1), creation stack length Y
 *   [19..]   C pcs, then P pcs, then X pcs, then Y pcs; every stack innermost first
 */
RK_API int64_t rk_next_report(rk_detector *d, uint64_t *out, int64_t cap);

#define RK_REPORT_HEADER 19

#ifdef __cplusplus
}
#endif

#endif /* RACEKIT_H */
