/* Slot recycling never makes an unordered access look ordered, and free/malloc of huge ranges cost what was touched. */
#include <stdio.h>
#include <unistd.h>

#include "util.h"

/* Growth of the resident set since before (0 when it shrank). */
static uint64_t growth_since(uint64_t before, uint64_t now) { return now > before ? now - before : 0; }

/* Resident set of this process in bytes, from /proc/self/statm (0 where there is none). */
static uint64_t resident_bytes(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  unsigned long long size = 0, resident = 0;
  if (f != NULL) {
    if (fscanf(f, "%llu %llu", &size, &resident) != 2) {
      resident = 0;
    }
    fclose(f);
  }
  return (uint64_t)resident * (uint64_t)sysconf(_SC_PAGESIZE);
}

/* A writes x and ends unjoined; 200 threads one after another and then 100 at once are started, ended and joined by
 * main: main's write still races with A's (the quarantine used to hand A's slot to a joined thread at 65). */
void test_race_survives_slot_recycling(void) {
  rk_detector *d = open_mapped(0);
  rk_thread *m = rk_main_thread(d);
  rk_thread *a = start(d, m, 0x1);
  int64_t a_id = rk_thread_id(a);
  CHECK_EQ(rk_write(a, BASE, 8, 0x2), RK_OK);
  end_join(d, a, NULL);
  for (int i = 0; i < 200; i++) {
    rk_thread *c = start(d, m, 0x3);
    CHECK_EQ(rk_write(c, BASE + 8 + 8 * (uint64_t)(i % 16), 8, 0x4), RK_OK);
    end_join(d, c, m);
  }
  rk_thread *batch[100];
  for (int i = 0; i < 100; i++) {
    batch[i] = start(d, m, 0x5);
  }
  for (int i = 0; i < 100; i++) {
    end_join(d, batch[i], m);
  }
  report r;
  CHECK_REPORT(d, rk_write(m, BASE, 8, 0x6), &r);
  CHECK_EQ(r.prev.tid, a_id); /* slot 1 kept its owner: nobody else took it */
  CHECK_EQ(r.prev.type, RK_WRITE);
  CHECK(d->slots.fresh <= 2 + 100); /* joined threads' slots were reused at once */
  rk_close(d);
}

/* More than RK_SLOT_QUARANTINE unjoined threads: the oldest slot is reused by force and raises its floor; the old
 * owner's cell is then forgotten (an empty cell), not taken for the new owner's own. */
void test_forced_reuse_forgets_old_owner(void) {
  rk_detector *d = open_mapped(0);
  rk_thread *m = rk_main_thread(d);
  rk_thread *a = start(d, m, 0x1);
  CHECK_EQ(a->slot, 1);
  CHECK_EQ(rk_write(a, BASE, 8, 0x2), RK_OK);
  uint64_t a_last = rk_thread_epoch(a);
  end_join(d, a, NULL);
  for (int i = 0; i < RK_SLOT_QUARANTINE; i++) {
    end_join(d, start(d, m, 0x3), NULL);
  }
  CHECK_EQ(atomic_load(&d->slots.floor[1]), 0);
  rk_thread *n = start(d, m, 0x4); /* 65 unjoined slots wait: slot 1 is reused by force */
  CHECK_EQ(n->slot, 1);
  CHECK_EQ(rk_thread_epoch(n), a_last + 1);
  CHECK_EQ(atomic_load(&d->slots.floor[1]), a_last + 1);
  CHECK(rk_cell_forgotten(n, rk_cell_stamp(1, a_last)));
  CHECK(!rk_cell_forgotten(n, rk_cell_stamp(1, a_last + 1)));
  /* n's read goes into the empty (forgotten) first cell; a's write is not taken for n's own */
  CHECK_EQ(rk_read(n, BASE, 8, 0x5), RK_OK);
  rk_cell *c = (rk_cell *)(uintptr_t)rk_shadow_cells(d, BASE);
  CHECK_EQ(rk_cell_epoch(atomic_load(&c[0])), a_last + 1);
  CHECK_EQ(atomic_load(&c[0]) & RK_CELL_READ, RK_CELL_READ);
  rk_close(d);
}

/* free of 1 GiB and of 64 GiB of untouched memory: resident memory grows by far less than 16 MiB (it was 2 GiB and
 * unbounded); the first KiB and the touched words are poisoned, untouched words past the first KiB are not. */
void test_free_of_huge_ranges_is_bounded(void) {
  rk_detector *d = rk_open(0);
  NEED(d != NULL);
  const uint64_t gib = 1ull << 30;
  const uint64_t small = 0x100000000ull;
  const uint64_t huge = 0x2000000000ull;
  NEED(rk_map_shadow(d, small, gib) == RK_OK);
  NEED(rk_map_shadow(d, huge, RK_MAX_RANGE_SIZE) == RK_OK);
  rk_thread *m = rk_main_thread(d);
  rk_thread *t = start(d, m, 0x1);
  CHECK_EQ(rk_read(t, small + gib / 2, 8, 0x2), RK_OK); /* a touched word far from the start */
  CHECK_EQ(rk_read(t, huge + 40 * gib, 8, 0x2), RK_OK);
  end_join(d, t, m);
  uint64_t before = resident_bytes();
  CHECK_EQ(rk_free(m, small, gib, 0x3), RK_OK);
  CHECK_EQ(rk_free(m, huge, RK_MAX_RANGE_SIZE, 0x4), RK_OK);
  uint64_t growth = growth_since(before, resident_bytes());
  if (growth >= 16ull << 20) {
    fprintf(stderr, "free of 1 GiB + 64 GiB grew the resident set by %llu KiB\n", (unsigned long long)(growth >> 10));
  }
  CHECK(growth < 16ull << 20);
  CHECK(rk_shadow_resident_bytes(d) < 1ull << 20);
  CHECK_EQ(rk_write(m, small + 8, 8, 0x7), RK_OK); /* the freeing thread itself is ordered after the free */
  rk_close(d);

  /* use after free: first KiB and touched words reported, untouched words past the first KiB not */
  d = rk_open(0);
  NEED(d != NULL);
  NEED(rk_map_shadow(d, small, gib) == RK_OK);
  m = rk_main_thread(d);
  rk_thread *reader = start(d, m, 0x10);
  CHECK_EQ(rk_write(m, small + gib / 2, 8, 0x11), RK_OK);
  CHECK_EQ(rk_free(m, small, gib, 0x12), RK_OK);
  CHECK_EQ(rk_read(reader, small + 1016, 8, 0x13), RK_REPORTED); /* last word of the first KiB */
  CHECK_EQ(rk_read(reader, small + gib / 2, 8, 0x14), RK_REPORTED); /* touched before the free */
  CHECK_EQ(rk_read(reader, small + 1024, 8, 0x15), RK_OK);           /* untouched, past the first KiB */
  CHECK_EQ(rk_read(reader, small + gib - 8, 8, 0x16), RK_OK);
  report r;
  CHECK(next_report(d, &r));
  CHECK_EQ(r.kind, RK_USE_AFTER_FREE);
  CHECK_EQ(r.prev.type, RK_FREE);
  CHECK(next_report(d, &r));
  CHECK_EQ(r.kind, RK_USE_AFTER_FREE);
  CHECK_EQ(r.prev.addr, small + gib / 2);
  CHECK(!next_report(d, &r));
  rk_close(d);
}

/* malloc of 64 GiB of untouched memory costs no memory either. */
void test_malloc_of_huge_range_is_bounded(void) {
  rk_detector *d = rk_open(0);
  NEED(d != NULL);
  const uint64_t huge = 0x2000000000ull;
  NEED(rk_map_shadow(d, huge, RK_MAX_RANGE_SIZE) == RK_OK);
  rk_thread *m = rk_main_thread(d);
  rk_thread *t = start(d, m, 0x1);
  CHECK_EQ(rk_write(t, huge + 8, 8, 0x2), RK_OK);
  uint64_t before = resident_bytes();
  CHECK_EQ(rk_malloc(m, huge, RK_MAX_RANGE_SIZE), RK_OK);
  uint64_t growth = growth_since(before, resident_bytes());
  if (growth >= 16ull << 20) {
    fprintf(stderr, "malloc of 64 GiB grew the resident set by %llu KiB\n", (unsigned long long)(growth >> 10));
  }
  CHECK(growth < 16ull << 20);
  CHECK_EQ(rk_write(m, huge + 8, 8, 0x3), RK_OK); /* t's write was forgotten */
  CHECK_EQ(drain(d), 0);
  rk_close(d);
}

/* 300,000 threads forked and joined one after another, each with a call and a write, and released once joined (as
 * the bindings do when a RaceThread becomes unreachable): memory follows the threads alive (two), not the threads
 * ever started. Under AddressSanitizer its quarantine of freed memory makes the resident
 * set meaningless, so only the slot count is checked there. */
void test_forked_and_joined_threads_memory_follows_live_threads(void) {
  rk_detector *d = open_mapped(1);
  rk_thread *m = rk_main_thread(d);
  uint64_t before = 0;
  for (int i = 0; i < 300000; i++) {
    if (i == 1000) {
      before = resident_bytes();
    }
    rk_thread *c = start(d, m, 0x900);
    CHECK_EQ(rk_func_enter(c, 0x901), RK_OK);
    CHECK_EQ(rk_write(c, BASE + (uint64_t)(i % 512) * 8, 8, 0x902), RK_OK);
    CHECK_EQ(rk_func_exit(c), RK_OK);
    end_join(d, c, m);
    CHECK_EQ(rk_thread_release(d, c), RK_OK);
  }
  uint64_t growth = growth_since(before, resident_bytes());
#if defined(__SANITIZE_ADDRESS__)
  (void)growth;
#else
  if (growth >= 16ull << 20) {
    fprintf(stderr, "299,000 forked and joined threads grew the resident set by %llu KiB\n",
            (unsigned long long)(growth >> 10));
  }
  CHECK(growth < 16ull << 20);
#endif
  CHECK_EQ(d->slots.fresh, 2);
  CHECK_EQ(drain(d), 0);
  rk_close(d);
}
