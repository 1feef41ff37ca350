/* malloc, free and use after free, ignore regions, unmapped accesses, the filter, and shadow memory. */
#define _GNU_SOURCE 1 /* MADV_POPULATE_WRITE and RUSAGE_THREAD under -std=c11 */
#include "util.h"

#if defined(__linux__)
#include <sys/mman.h>
#include <sys/resource.h> /* RUSAGE_THREAD */
#endif

void test_malloc_clears_shadow(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  CHECK_EQ(rk_write(m, BASE + 0xB00, 8, 0x1), RK_OK);
  CHECK_EQ(rk_write(m, BASE + 0xB40, 8, 0x1), RK_OK);
  CHECK_EQ(rk_malloc(c, BASE + 0xB04, 0x3C), RK_OK); /* touches the words 0xB00..0xB38 */
  CHECK_EQ(rk_write(c, BASE + 0xB00, 8, 0x2), RK_OK); /* the whole touched word was cleared */
  CHECK_EQ(rk_write(c, BASE + 0xB40, 8, 0x3), RK_REPORTED); /* the next word was not */
  CHECK_EQ(drain(d), 1);
  CHECK_EQ(rk_malloc(c, 0x10, 0x100), RK_OK); /* unmapped: nothing to clear, nothing counted */
  CHECK_EQ(rk_malloc(c, BASE, 0), RK_OK);
  CHECK_EQ(rk_unmapped_count(d), 0);
  rk_close(d);
}

void test_malloc_forgets_sync_objects(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  CHECK_EQ(rk_write(m, BASE + 0xC00, 8, 0x1), RK_OK);
  CHECK_EQ(rk_release(m, BASE + 0xC80), RK_OK);
  CHECK_EQ(rk_release(m, 0x77), RK_OK); /* outside the malloc: kept */
  CHECK_EQ(rk_sync_count(&d->syncs), 2);
  CHECK_EQ(rk_malloc(m, BASE + 0xC80, 8), RK_OK);
  CHECK_EQ(rk_sync_count(&d->syncs), 1);
  CHECK_EQ(rk_acquire(c, BASE + 0xC80), RK_OK);
  CHECK_EQ(rk_write(c, BASE + 0xC00, 8, 0x2), RK_REPORTED);
  CHECK_EQ(drain(d), 1);
  /* sync objects of one word share a chain: a range that covers part of the word forgets only its own bytes' */
  CHECK_EQ(rk_release(m, BASE + 0xD01), RK_OK);
  CHECK_EQ(rk_release(m, BASE + 0xD03), RK_OK);
  CHECK_EQ(rk_release(m, BASE + 0xD07), RK_OK);
  CHECK_EQ(rk_release(m, BASE + 0xD08), RK_OK);
  CHECK_EQ(rk_sync_count(&d->syncs), 5);
  CHECK_EQ(rk_malloc(m, BASE + 0xD02, 6), RK_OK); /* [0xD02, 0xD08) */
  CHECK_EQ(rk_sync_count(&d->syncs), 3);
  CHECK_EQ(rk_acquire(c, BASE + 0xD01), RK_OK); /* kept: orders m's write before c's */
  CHECK_EQ(rk_write(c, BASE + 0xC00, 8, 0x3), RK_OK);
  CHECK_EQ(rk_malloc(m, BASE + 0xD00, 16), RK_OK);
  CHECK_EQ(rk_sync_count(&d->syncs), 1);
  /* many sync objects and a long range: the table is scanned instead of every address */
  for (uint64_t i = 0; i < 100; i++) {
    CHECK_EQ(rk_release(m, 0x50000 + i * 4096), RK_OK);
  }
  CHECK_EQ(rk_sync_count(&d->syncs), 101);
  CHECK_EQ(rk_malloc(m, 0x50000, 50 * 4096), RK_OK);
  CHECK_EQ(rk_sync_count(&d->syncs), 51);
  CHECK_EQ(rk_malloc(m, 0, 1ull << 40), RK_OK);
  CHECK_EQ(rk_sync_count(&d->syncs), 0);
  rk_close(d);
}

/* The sum of the table's group counts: the number of variables, whatever was added and forgotten. */
static int64_t group_sum(rk_detector *d) {
  int64_t sum = 0;
  for (int i = 0; i < RK_SYNC_GROUPS; i++) {
    sum += atomic_load(&d->syncs.groups[i]);
  }
  return sum;
}

/*
 * A malloc or free whose range no variable's group counts skips the table; the counts must follow every variable
 * made and forgotten, or a variable would outlive its memory and order accesses to the memory's next object.
 */
void test_sync_groups_count_the_variables(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  CHECK_EQ(group_sum(d), 0);
  for (uint64_t i = 0; i < 300; i++) {
    CHECK_EQ(rk_release(m, BASE + 0x1000 + i * 24), RK_OK);
    CHECK_EQ(rk_release_merge(m, BASE + 0x1000 + i * 24), RK_OK); /* the same variable: not counted twice */
  }
  CHECK_EQ(rk_sync_count(&d->syncs), 300);
  CHECK_EQ(group_sum(d), 300);
  for (uint64_t i = 0; i < 300; i += 2) { /* every other one, one small range each, as an agent frees objects */
    CHECK_EQ(rk_malloc(m, BASE + 0x1000 + i * 24, 24), RK_OK);
  }
  CHECK_EQ(rk_sync_count(&d->syncs), 150);
  CHECK_EQ(group_sum(d), 150);
  CHECK_EQ(rk_free(m, BASE + 0x1000, 300 * 24, 0x9), RK_OK);
  CHECK_EQ(rk_sync_count(&d->syncs), 0);
  CHECK_EQ(group_sum(d), 0);
  /* a block whose group counted down to zero is found again when it holds a variable again */
  CHECK_EQ(rk_write(m, BASE + 0xC00, 8, 0x1), RK_OK);
  CHECK_EQ(rk_release(m, BASE + 0x1000), RK_OK);
  CHECK_EQ(rk_malloc(m, BASE + 0x1000, 8), RK_OK);
  CHECK_EQ(rk_acquire(c, BASE + 0x1000), RK_OK); /* forgotten: no order */
  CHECK_EQ(rk_write(c, BASE + 0xC00, 8, 0x2), RK_REPORTED);
  CHECK_EQ(drain(d), 1);
  CHECK_EQ(group_sum(d), 0);
  rk_close(d);
}

/* Each stripe's lock on a line of its own: threads taking neighbouring stripes must not move one line between them. */
void test_sync_stripes_start_on_cache_lines(void) {
  for (int k = 0; k < 4; k++) { /* four detectors: a 16-byte aligned allocation would misplace most of them */
    rk_detector *d = rk_open(0);
    CHECK(d != NULL);
    for (int i = 0; i < RK_SYNC_STRIPES; i++) {
      CHECK_EQ((uintptr_t)&d->syncs.stripes[i] % RK_CACHE_LINE, 0);
    }
    rk_close(d);
  }
}

void test_use_after_free(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  uint64_t a = BASE + 0x600;
  CHECK_EQ(rk_malloc(m, a, 32), RK_OK);
  CHECK_EQ(rk_write(m, a, 8, 0x1), RK_OK);
  CHECK_EQ(rk_func_enter(m, 0x70), RK_OK);
  CHECK_EQ(rk_free(m, a, 32, 0x777), RK_OK);
  CHECK_EQ(rk_func_exit(m), RK_OK);
  report r;
  CHECK_REPORT(d, rk_read(c, a + 8, 4, 0x2), &r);
  CHECK_EQ(r.kind, RK_USE_AFTER_FREE);
  CHECK_ACCESS(r.cur, a + 8, 4, RK_READ);
  CHECK_EQ(r.prev.tid, 0);
  CHECK_ACCESS(r.prev, a + 8, 8, RK_FREE);
  CHECK_EQ(r.prev.restored, 1);
  CHECK_STACK(r.prev, 0x777, 0x70);
  /* a free of part of a word marks just those bytes */
  CHECK_EQ(rk_free(m, BASE + 0x702, 3, 0x778), RK_OK);
  CHECK_EQ(rk_read(c, BASE + 0x700, 1, 0x3), RK_OK);
  CHECK_REPORT(d, rk_write(c, BASE + 0x703, 1, 0x4), &r);
  CHECK_EQ(r.kind, RK_USE_AFTER_FREE);
  CHECK_EQ(r.prev.addr, BASE + 0x702);
  CHECK_EQ(r.prev.size, 3);
  /* the freeing thread itself, and threads ordered after the free, may touch it */
  CHECK_EQ(rk_write(m, a, 8, 0x5), RK_OK);
  rk_thread *e = start(d, m, 0x901);
  CHECK_EQ(rk_write(e, a + 16, 8, 0x6), RK_OK);
  CHECK_EQ(drain(d), 0);
  rk_close(d);
}

void test_free_is_checked_like_a_write(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  CHECK_EQ(rk_read(c, BASE + 0x808, 8, 0x801), RK_OK);
  report r;
  CHECK_REPORT(d, rk_free(m, BASE + 0x800, 24, 0x802), &r);
  CHECK_EQ(r.kind, RK_DATA_RACE);
  CHECK_EQ(r.cur.type, RK_FREE);
  CHECK_EQ(r.cur.addr, BASE + 0x808);
  CHECK_EQ(r.cur.size, 8);
  CHECK_EQ(r.cur.stack[0], 0x802);
  CHECK_EQ(r.prev.type, RK_READ);
  CHECK_EQ(r.prev.tid, 1);
  CHECK(!next_report(d, &r));
  /* the range was freed all the same: every word now holds only the freed marker */
  CHECK_REPORT(d, rk_write(c, BASE + 0x810, 8, 0x803), &r);
  CHECK_EQ(r.kind, RK_USE_AFTER_FREE);
  CHECK_REPORT(d, rk_write(c, BASE + 0x808, 8, 0x804), &r);
  CHECK_EQ(r.kind, RK_USE_AFTER_FREE);
  CHECK_EQ(rk_free(m, BASE + 0x10, 0, 0x805), RK_OK);
  CHECK_EQ(rk_free(m, 0x10, 8, 0x806), RK_OK); /* unmapped: no check, no count */
  CHECK_EQ(rk_unmapped_count(d), 0);
  rk_close(d);
}

void test_ignore_regions(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  rk_thread_head *head = (rk_thread_head *)c;
  CHECK_EQ(head->ignore_depth, 0);
  CHECK_EQ(rk_ignore_begin(c), RK_OK);
  CHECK_EQ(head->ignore_depth, 1); /* where the entry thunks look before counting a filtered access */
  CHECK(head->filter == &d->filter);
  CHECK_EQ(rk_write(c, BASE + 0xD00, 8, 0x1), RK_OK);
  CHECK_EQ(rk_ignore_begin(c), RK_OK);
  CHECK_EQ(head->ignore_depth, 2);
  CHECK_EQ(rk_ignore_end(c), RK_OK);
  CHECK_EQ(head->ignore_depth, 1);
  CHECK_EQ(rk_access_range(c, BASE + 0xD08, 8, RK_WRITE, 0x2), RK_OK);
  CHECK_EQ(rk_read(c, 0x10, 1, 0x3), RK_OK); /* unmapped, but ignored: not counted */
  CHECK_EQ(rk_ignore_end(c), RK_OK);
  CHECK_EQ(head->ignore_depth, 0);
  CHECK_EQ(rk_ignore_end(c), RK_EIGNORE);
  CHECK_EQ(rk_write(m, BASE + 0xD00, 8, 0x4), RK_OK);
  CHECK_EQ(rk_write(m, BASE + 0xD08, 8, 0x5), RK_OK);
  CHECK_EQ(rk_unmapped_count(d), 0);
  /* synchronization is ignored too */
  uint64_t epoch = m->clock.buf->v[0];
  CHECK_EQ(rk_ignore_begin(m), RK_OK);
  CHECK_EQ(rk_release(m, 0x1234), RK_OK);
  CHECK_EQ(rk_release_merge(m, 0x1234), RK_OK);
  CHECK_EQ(rk_acquire(m, 0x1234), RK_OK);
  CHECK_EQ(rk_ignore_end(m), RK_OK);
  CHECK_EQ(m->clock.buf->v[0], epoch);
  CHECK_EQ(rk_sync_count(&d->syncs), 0);
  /* an ignored free clears instead of marking */
  CHECK_EQ(rk_write(m, BASE + 0xE00, 8, 0x6), RK_OK);
  CHECK_EQ(rk_ignore_begin(c), RK_OK);
  CHECK_EQ(rk_free(c, BASE + 0xE00, 16, 0x7), RK_OK);
  CHECK_EQ(rk_ignore_end(c), RK_OK);
  CHECK_EQ(rk_write(c, BASE + 0xE00, 8, 0x8), RK_OK);
  CHECK_EQ(rk_write(m, BASE + 0xE08, 8, 0x9), RK_OK);
  CHECK_EQ(drain(d), 0);
  rk_close(d);
}

void test_unmapped_counted(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  CHECK_EQ(rk_read(m, 0x10, 1, 0x1), RK_OK);
  CHECK_EQ(rk_access_range(m, 0x10, 100, RK_WRITE, 0x2), RK_OK);
  CHECK_EQ(rk_access_range(m, BASE - 8, 16, RK_WRITE, 0x3), RK_OK); /* touches the mapped range: checked */
  CHECK_EQ(rk_access_range(m, 0x10, 0, RK_WRITE, 0x3), RK_OK); /* empty: nothing */
  CHECK_EQ(rk_write(m, BASE + SIZE, 8, 0x4), RK_OK);
  CHECK_EQ(((rk_thread_head *)m)->unmapped, 3);
  for (int i = 0; i < 3; i++) {
    CHECK_EQ(rk_write(c, BASE - 1, 1, 0x5), RK_OK);
  }
  CHECK_EQ(rk_unmapped_count(d), 6);
  end_join(d, c, m);
  CHECK_EQ(rk_unmapped_count(d), 6); /* ended threads' counts stay */
  rk_close(d);
}

/*
 * The thunk backend's entry: the range comes as its index in mapping order (not the sorted order the core scans), and
 * everything else is the same as rk_access once the binding's checks passed. A bad index or an address outside the
 * indexed range is RK_EINVAL and touches nothing.
 */
void test_access_mapped_takes_the_range_index(void) {
  rk_detector *d = rk_open(0);
  NEED(d != NULL);
  rk_thread *m = rk_main_thread(d);
  CHECK_EQ(rk_map_shadow(d, BASE, SIZE), RK_OK);    /* index 0 */
  CHECK_EQ(rk_map_shadow(d, 0x10000, 0x1000), RK_OK); /* index 1, sorted first by the core */
  rk_thread *c = start(d, m, 0x900);
  CHECK_EQ(rk_access_mapped(m, 0x10008, 4, 0x1, 1, RK_WRITE), RK_OK);
  CHECK_EQ(rk_access_mapped(c, 0x1000c, 4, 0x2, 1, RK_READ), RK_OK); /* other bytes of the word: no race */
  report r;
  CHECK_REPORT(d, rk_access_mapped(c, 0x10008, 2, 0x3, 1, RK_READ), &r);
  CHECK_EQ(r.kind, RK_DATA_RACE);
  CHECK_ACCESS(r.cur, 0x10008, 2, RK_READ);
  CHECK_EQ(r.cur.restored, 1);
  CHECK_ACCESS(r.prev, 0x10008, 4, RK_WRITE);
  CHECK_EQ(r.prev.tid, 0);
  CHECK(!next_report(d, &r));
  /* the same answers as rk_access on the other range, atomics included */
  CHECK_EQ(rk_access_mapped(m, BASE + 16, 8, 0x4, 0, RK_ATOMIC_WRITE), RK_OK);
  CHECK_EQ(rk_access_mapped(c, BASE + 16, 8, 0x5, 0, RK_ATOMIC_READ), RK_OK);
  CHECK_EQ(rk_access(c, BASE + 16, 8, RK_WRITE, 0x6), RK_REPORTED);
  CHECK_EQ(drain(d), 1);
  /* misuse: an index past the mapped ones, or one whose range does not hold addr */
  uint64_t resident = rk_shadow_resident_bytes(d);
  CHECK_EQ(rk_access_mapped(c, BASE + 64, 8, 0x7, 2, RK_WRITE), RK_EINVAL);
  CHECK_EQ(rk_access_mapped(c, BASE + 64, 8, 0x7, UINT64_MAX, RK_WRITE), RK_EINVAL);
  CHECK_EQ(rk_access_mapped(c, BASE + 64, 8, 0x7, 1, RK_WRITE), RK_EINVAL);
  CHECK_EQ(rk_access_mapped(c, 0x10000 - 8, 8, 0x7, 1, RK_WRITE), RK_EINVAL);
  CHECK_EQ(rk_access_mapped(c, 0x11000, 8, 0x7, 1, RK_WRITE), RK_EINVAL);
  CHECK_EQ(rk_shadow_resident_bytes(d), resident);
  CHECK_EQ(rk_unmapped_count(d), 0); /* the binding counts unmapped accesses, not this entry */
  CHECK_EQ(rk_access(m, BASE + 64, 8, RK_WRITE, 0x8), RK_OK); /* nothing was recorded at BASE + 64 by c */
  end_join(d, c, m);
  CHECK_EQ(rk_access_mapped(c, BASE, 8, 0x9, 0, RK_WRITE), RK_EENDED);
  CHECK_EQ(rk_thread_release(d, c), RK_OK);
  rk_close(d);
}

void test_filter_is_the_bounding_box(void) {
  rk_detector *d = rk_open(0);
  NEED(d != NULL);
  rk_thread *m = rk_main_thread(d);
  const rk_filter *f = ((rk_thread_head *)m)->filter;
  CHECK_EQ(f->lo, UINT64_MAX); /* nothing mapped: nothing passes */
  CHECK_EQ(f->last, 0);
  CHECK_EQ(rk_map_shadow(d, BASE, SIZE), RK_OK);
  CHECK_EQ(f->lo, BASE);
  CHECK_EQ(f->last, BASE + SIZE - 1);
  CHECK_EQ(rk_map_shadow(d, 0x10000, 8), RK_OK);
  CHECK_EQ(f->lo, 0x10000);
  CHECK_EQ(f->last, BASE + SIZE - 1);
  /* a range that ends at the top of the address space: its last byte is inside the box */
  CHECK_EQ(rk_map_shadow(d, 0 - 16ull, 16), RK_OK);
  CHECK_EQ(f->lo, 0x10000);
  CHECK_EQ(f->last, UINT64_MAX);
  uint64_t top = 0 - 1ull;
  rk_thread *c = start(d, m, 0x900);
  CHECK_EQ(rk_write(m, top, 1, 0x1), RK_OK);
  report r;
  CHECK_REPORT(d, rk_access_range(c, 0 - 16ull, 16, RK_READ, 0x2), &r);
  CHECK_EQ(r.cur.addr, 0 - 8ull);
  CHECK_EQ(r.prev.addr, top);
  CHECK_EQ(r.prev.size, 1);
  CHECK_EQ(rk_unmapped_count(d), 0);
  int64_t layout[7] = {-1, -1, -1, -1, -1, -1, -1};
  CHECK_EQ(rk_layout(layout, 7), 6);
  CHECK_EQ(layout[0], RK_THREAD_FILTER_OFFSET);
  CHECK_EQ(layout[1], RK_THREAD_UNMAPPED_OFFSET);
  CHECK_EQ(layout[2], RK_THREAD_IGNORE_OFFSET);
  CHECK_EQ(layout[3], sizeof(rk_filter));
  CHECK_EQ(layout[4], RK_THREAD_STAMP_OFFSET);
  CHECK_EQ(layout[6], -1);
  CHECK_EQ(rk_layout(NULL, 0), 6);
  CHECK_EQ(rk_layout(layout, 2), 6); /* writes only what fits */
  CHECK_EQ(rk_abi_version(), RK_ABI_VERSION);
  rk_close(d);
}

void test_shadow_is_reserved_not_committed(void) {
  rk_detector *d = rk_open(1);
  NEED(d != NULL);
  const uint64_t big = 0x40000000; /* 1 GiB mapped: 2 GiB of shadow address space */
  const uint64_t base = 0x100000000ull;
  CHECK_EQ(rk_map_shadow(d, base, big), RK_OK);
  CHECK_EQ(rk_map_shadow(d, 0x1000000000ull, RK_MAX_RANGE_SIZE), RK_OK); /* 128 GiB reserved, nothing used */
  CHECK(rk_shadow_resident_bytes(d) < 64 * 1024);
  rk_thread *m = rk_main_thread(d);
  rk_thread *c = start(d, m, 0x900);
  const uint64_t len = 16 << 20; /* 32 MiB of shadow: past the size below which a cleared span is kept */
  CHECK_EQ(rk_access_range(m, base, len, RK_WRITE, 0x1), RK_OK);
  CHECK(rk_shadow_resident_bytes(d) >= 2 * len);
  /* a large malloc gives whole shadow pages back; the edge words are cleared by hand */
  CHECK_EQ(rk_malloc(m, base + 8, len - 16), RK_OK);
  CHECK(rk_shadow_resident_bytes(d) < 64 * 1024);
  CHECK_EQ(rk_write(c, base + 8, 8, 0x2), RK_OK);
  CHECK_EQ(rk_write(c, base + len / 2, 8, 0x2), RK_OK);
  CHECK_EQ(rk_write(c, base + len - 16, 8, 0x2), RK_OK);
  CHECK_EQ(rk_write(c, base, 8, 0x3), RK_REPORTED);
  CHECK_EQ(rk_write(c, base + len - 8, 8, 0x4), RK_REPORTED);
  CHECK_EQ(drain(d), 2);
  rk_close(d);
}

/*
 * A mid-size malloc (an agent's array block, new or recycled) keeps its shadow resident and zeroes it in place:
 * using it again costs no page fault. A range never touched is made resident too, where the kernel can.
 */
void test_mid_size_malloc_keeps_shadow_resident(void) {
  rk_detector *d = rk_open(1);
  NEED(d != NULL);
  const uint64_t base = 0x100000000ull;
  CHECK_EQ(rk_map_shadow(d, base, 0x10000000), RK_OK);
  rk_thread *m = rk_main_thread(d);
  rk_thread *c = start(d, m, 0x900);
  const uint64_t len = 1 << 20; /* 2 MiB of shadow */
  CHECK_EQ(rk_access_range(m, base, len, RK_WRITE, 0x1), RK_OK);
  uint64_t used = rk_shadow_resident_bytes(d);
  CHECK(used >= 2 * len);
  CHECK_EQ(rk_malloc(m, base + 8, len - 16), RK_OK);
  CHECK(rk_shadow_resident_bytes(d) >= used); /* kept, */
  CHECK_EQ(rk_write(c, base + 8, 8, 0x2), RK_OK); /* but cleared: */
  CHECK_EQ(rk_write(c, base + len / 2, 8, 0x2), RK_OK);
  CHECK_EQ(rk_write(c, base + len - 16, 8, 0x2), RK_OK);
  CHECK_EQ(rk_write(c, base, 8, 0x3), RK_REPORTED); /* the edge words outside the malloc were not */
  CHECK_EQ(rk_write(c, base + len - 8, 8, 0x4), RK_REPORTED);
  CHECK_EQ(drain(d), 2);
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  const uint64_t fresh = base + 0x4000000; /* never touched */
  CHECK_EQ(rk_malloc(m, fresh, len), RK_OK);
  struct rusage before, after;
  NEED(getrusage(RUSAGE_THREAD, &before) == 0);
  CHECK_EQ(rk_access_range(c, fresh, len, RK_READ, 0x5), RK_OK); /* a cell in every one of its 512 shadow pages */
  NEED(getrusage(RUSAGE_THREAD, &after) == 0);
  CHECK(after.ru_minflt - before.ru_minflt < 64); /* not a fault per page: they were made resident and writable */
  CHECK_EQ(rk_malloc(m, fresh, len), RK_OK);
  CHECK_EQ(rk_write(m, fresh + 64, 8, 0x5), RK_OK);
  CHECK_EQ(rk_write(c, fresh + 64, 8, 0x6), RK_REPORTED); /* populated pages hold cells like any other */
  CHECK_EQ(drain(d), 1);
#endif
  rk_close(d);
}

/* What rk_shadow_cells and the thread head's stamp promise a binding: the core's "already recorded" check. */
void test_shadow_cells_show_recorded_accesses(void) {
  rk_detector *d = open_mapped(0);
  rk_thread *m = rk_main_thread(d);
  const uint64_t *cells = (const uint64_t *)(uintptr_t)rk_shadow_cells(d, BASE);
  NEED(cells != NULL);
  CHECK_EQ(rk_shadow_cells(d, BASE + 8), 0);
  CHECK_EQ(rk_read(m, BASE + 16, 8, 0x1), RK_OK);
  uint64_t stamp = ((rk_thread_head *)m)->stamp;
  uint64_t cur = 0xFFull | (1ull << 8) | stamp; /* 8 bytes, read */
  CHECK(cells[2 * 2] == cur || cells[2 * 2 + 1] == cur);
  CHECK_EQ(rk_release(m, 0x42), RK_OK); /* a new epoch: a new stamp */
  CHECK(((rk_thread_head *)m)->stamp != stamp);
  int64_t layout[8];
  CHECK_EQ(rk_layout(layout, 8), 6);
  CHECK_EQ(layout[4], RK_THREAD_STAMP_OFFSET);
  CHECK_EQ(layout[5], 2);
  rk_close(d);
}
