/* Which accesses race: the happens-before rules for plain, atomic, sized and range accesses. */
#include "util.h"

void test_write_write_race(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  CHECK_EQ(rk_func_enter(m, 0xA0), RK_OK);
  CHECK_EQ(rk_write(m, BASE + 8, 4, 0x111), RK_OK);
  CHECK_EQ(rk_func_enter(c, 0xB0), RK_OK);
  report r;
  CHECK_REPORT(d, rk_write(c, BASE + 8, 4, 0x222), &r);
  CHECK_EQ(r.kind, RK_DATA_RACE);
  CHECK_EQ(r.cur.tid, 1);
  CHECK_ACCESS(r.cur, BASE + 8, 4, RK_WRITE);
  CHECK_EQ(r.cur.restored, 1);
  CHECK_STACK(r.cur, 0x222, 0xB0);
  CHECK_EQ(r.prev.tid, 0);
  CHECK_ACCESS(r.prev, BASE + 8, 4, RK_WRITE);
  CHECK_EQ(r.prev.restored, 1);
  CHECK_STACK(r.prev, 0x111, 0xA0);
  CHECK_THREAD(r.cur_thread, 1, 1, 0x900);
  CHECK_EQ(r.prev_thread.id, 0);
  CHECK_EQ(r.prev_thread.running, 1);
  CHECK_EQ(r.prev_thread.n, 0);
  CHECK(!next_report(d, &r));
  /* A racing access is not stored, so doing it again races again (deduplication is race-core's job). */
  CHECK_EQ(rk_write(c, BASE + 8, 4, 0x222), RK_REPORTED);
  CHECK_EQ(drain(d), 1);
  rk_close(d);
}

void test_write_write_synchronized(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  CHECK_EQ(rk_write(m, BASE + 8, 4, 0x111), RK_OK);
  CHECK_EQ(rk_release(m, 0x5000), RK_OK);
  CHECK_EQ(rk_acquire(c, 0x5000), RK_OK);
  CHECK_EQ(rk_write(c, BASE + 8, 4, 0x222), RK_OK);
  /* After the release, main's next write is unordered with the child again. */
  CHECK_EQ(rk_write(m, BASE + 8, 4, 0x333), RK_REPORTED);
  CHECK_EQ(drain(d), 1);
  rk_close(d);
}

void test_acquire_of_unknown_sync_is_noop(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  CHECK_EQ(rk_write(m, BASE, 8, 0x1), RK_OK);
  CHECK_EQ(rk_acquire(c, 0x6000), RK_OK);
  CHECK_EQ(rk_sync_count(&d->syncs), 0);
  CHECK_EQ(rk_write(c, BASE, 8, 0x2), RK_REPORTED);
  CHECK_EQ(drain(d), 1);
  rk_close(d);
}

void test_release_merge_keeps_earlier_releases(void) {
  rk_detector *d = open_mapped(1);
  rk_thread *m = rk_main_thread(d);
  rk_thread *a = start(d, m, 0x1);
  rk_thread *b = start(d, m, 0x2);
  rk_thread *c = start(d, m, 0x3);
  CHECK_EQ(rk_write(a, BASE, 1, 0x10), RK_OK);
  CHECK_EQ(rk_release_merge(a, 0x7000), RK_OK);
  CHECK_EQ(rk_write(b, BASE + 1, 1, 0x20), RK_OK);
  CHECK_EQ(rk_release_merge(b, 0x7000), RK_OK);
  CHECK_EQ(rk_acquire(c, 0x7000), RK_OK);
  CHECK_EQ(rk_write(c, BASE, 2, 0x30), RK_OK); /* ordered after both */
  /* A store release replaces the clock: b's store forgets a's. */
  rk_thread *e = start(d, m, 0x4);
  CHECK_EQ(rk_write(a, BASE + 8, 1, 0x11), RK_OK);
  CHECK_EQ(rk_release(a, 0x7100), RK_OK);
  CHECK_EQ(rk_release(b, 0x7100), RK_OK);
  CHECK_EQ(rk_acquire(e, 0x7100), RK_OK);
  CHECK_EQ(rk_write(e, BASE + 8, 1, 0x40), RK_REPORTED);
  CHECK_EQ(drain(d), 1);
  rk_close(d);
}

void test_read_read_no_race(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  CHECK_EQ(rk_read(m, BASE, 8, 0x1), RK_OK);
  CHECK_EQ(rk_read(c, BASE, 8, 0x2), RK_OK);
  CHECK_EQ(rk_read(c, BASE + 12, 2, 0x3), RK_OK);
  /* but a write after the reads races with them */
  report r;
  CHECK_REPORT(d, rk_write(c, BASE, 1, 0x4), &r);
  CHECK_EQ(r.prev.type, RK_READ);
  CHECK_EQ(r.prev.size, 8);
  CHECK_EQ(r.cur.type, RK_WRITE);
  CHECK_EQ(drain(d), 0);
  rk_close(d);
}

void test_atomics(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  CHECK_EQ(rk_access(m, BASE, 8, RK_ATOMIC_WRITE, 0x1), RK_OK);
  CHECK_EQ(rk_access(c, BASE, 8, RK_ATOMIC_WRITE, 0x2), RK_OK);
  CHECK_EQ(rk_access(c, BASE, 4, RK_ATOMIC_READ, 0x3), RK_OK);
  CHECK_EQ(rk_access(m, BASE, 8, RK_ATOMIC_READ, 0x4), RK_OK);
  /* atomic vs plain races */
  CHECK_EQ(rk_read(c, BASE + 8, 4, 0x5), RK_OK);
  report r;
  CHECK_REPORT(d, rk_access(m, BASE + 8, 4, RK_ATOMIC_WRITE, 0x6), &r);
  CHECK_EQ(r.cur.type, RK_ATOMIC_WRITE);
  CHECK_EQ(r.prev.type, RK_READ);
  CHECK_EQ(r.prev.stack[0], 0x5);
  CHECK_EQ(rk_write(c, BASE + 16, 2, 0x7), RK_OK);
  CHECK_REPORT(d, rk_access(m, BASE + 16, 2, RK_ATOMIC_READ, 0x8), &r);
  CHECK_EQ(r.cur.type, RK_ATOMIC_READ);
  CHECK_EQ(r.prev.type, RK_WRITE);
  CHECK_EQ(rk_access(c, BASE + 24, 1, RK_ATOMIC_READ, 0x9), RK_OK);
  CHECK_REPORT(d, rk_write(m, BASE + 24, 1, 0xA), &r);
  CHECK_EQ(r.prev.type, RK_ATOMIC_READ);
  CHECK_EQ(drain(d), 0);
  rk_close(d);
}

void test_sized_partial_overlap(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  CHECK_EQ(rk_write(m, BASE + 0x40, 4, 0x1), RK_OK);
  CHECK_EQ(rk_write(c, BASE + 0x44, 4, 0x2), RK_OK); /* the other half of the word */
  report r;
  CHECK_REPORT(d, rk_write(c, BASE + 0x42, 2, 0x3), &r);
  CHECK_EQ(r.cur.addr, BASE + 0x42);
  CHECK_EQ(r.cur.size, 2);
  CHECK_EQ(r.prev.addr, BASE + 0x40);
  CHECK_EQ(r.prev.size, 4);
  CHECK_EQ(r.prev.stack[0], 0x1);
  /* an 8-byte read overlapping main's half-word write */
  CHECK_EQ(rk_write(m, BASE + 0x4C, 4, 0x4), RK_OK);
  CHECK_REPORT(d, rk_read(c, BASE + 0x48, 8, 0x5), &r);
  CHECK_EQ(r.cur.addr, BASE + 0x48);
  CHECK_EQ(r.cur.size, 8);
  CHECK_EQ(r.prev.addr, BASE + 0x4C);
  CHECK_EQ(r.prev.size, 4);
  CHECK_EQ(drain(d), 0);
  rk_close(d);
}

void test_adjacent_bytes_no_race(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  for (uint64_t i = 0; i < 8; i += 2) {
    CHECK_EQ(rk_write(m, BASE + 0x80 + i, 1, 0x1), RK_OK);
    CHECK_EQ(rk_write(c, BASE + 0x80 + i + 1, 1, 0x2), RK_OK);
  }
  CHECK_EQ(rk_write(m, BASE + 0x88, 2, 0x3), RK_OK);
  CHECK_EQ(rk_write(c, BASE + 0x8A, 2, 0x4), RK_OK);
  CHECK_EQ(rk_write(c, BASE + 0x90, 8, 0x5), RK_OK); /* the next word */
  CHECK_EQ(rk_write(m, BASE + 0x87 + 0x10, 1, 0x6), RK_REPORTED); /* last byte of that word */
  CHECK_EQ(drain(d), 1);
  rk_close(d);
}

void test_ranges_overlapping_by_one_byte(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  CHECK_EQ(rk_access_range(m, BASE + 0x100, 16, RK_WRITE, 0x10), RK_OK);
  CHECK_EQ(rk_access_range(c, BASE + 0x110, 16, RK_WRITE, 0x20), RK_OK); /* adjacent */
  report r;
  CHECK_REPORT(d, rk_access_range(c, BASE + 0x10F, 16, RK_WRITE, 0x30), &r);
  CHECK_EQ(r.cur.addr, BASE + 0x10F); /* the bytes of the word where the race is */
  CHECK_EQ(r.cur.size, 1);
  CHECK_EQ(r.cur.type, RK_WRITE);
  CHECK_EQ(r.cur.stack[0], 0x30);
  CHECK_EQ(r.prev.addr, BASE + 0x108);
  CHECK_EQ(r.prev.size, 8);
  CHECK_EQ(r.prev.restored, 1);
  CHECK_EQ(r.prev.stack[0], 0x10);
  CHECK(!next_report(d, &r)); /* the range stops at its first race */
  /* a read range over all of it by a thread started after main's write: races with the child's words only */
  rk_thread *e = start(d, m, 0x901);
  CHECK_REPORT(d, rk_access_range(e, BASE + 0xF8, 0x40, RK_READ, 0x40), &r);
  CHECK_ACCESS(r.cur, BASE + 0x110, 8, RK_READ);
  CHECK_EQ(r.prev.tid, 1);
  CHECK_EQ(r.prev.addr, BASE + 0x110);
  /* The last write of that epoch covering the byte is the racing range at 0x30, recorded in the history before
   * it stopped at its race: that is the stack restored, as in the Java backend. */
  CHECK_EQ(r.prev.stack[0], 0x30);
  CHECK(!next_report(d, &r));
  rk_close(d);
}

void test_range_spanning_two_mapped_ranges(void) {
  rk_detector *d = rk_open(1);
  NEED(d != NULL);
  CHECK_EQ(rk_map_shadow(d, 0x20000, 0x100), RK_OK);
  CHECK_EQ(rk_map_shadow(d, 0x10000, 0x100), RK_OK); /* mapped out of order; kept sorted */
  rk_thread *m = rk_main_thread(d);
  rk_thread *c = start(d, m, 0x900);
  CHECK_EQ(rk_write(m, 0x200F8, 8, 0x1), RK_OK);
  CHECK_EQ(rk_write(m, 0x100FC, 4, 0x2), RK_OK);
  /* The range visits ranges in address order: the race in the lower range is found first. */
  report r;
  CHECK_REPORT(d, rk_access_range(c, 0x10000, 0x10100, RK_WRITE, 0x3), &r);
  CHECK_EQ(r.cur.addr, 0x100F8);
  CHECK_EQ(r.cur.size, 8);
  CHECK_EQ(r.prev.addr, 0x100FC);
  CHECK_EQ(r.prev.size, 4);
  CHECK(!next_report(d, &r));
  CHECK_EQ(rk_unmapped_count(d), 0);
  rk_close(d);
}

void test_eviction_is_deterministic(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  /* Three different byte masks from one thread in one word: the third evicts cell 0, the fourth cell 1. */
  CHECK_EQ(rk_write(m, BASE + 0x200, 1, 0x1), RK_OK);
  CHECK_EQ(rk_write(m, BASE + 0x201, 1, 0x2), RK_OK);
  CHECK_EQ(rk_write(m, BASE + 0x202, 1, 0x3), RK_OK);
  CHECK_EQ(m->evictions, 1);
  rk_cell *cells = rk_ranges_of(d)->r[0].cells + (0x200 >> 3) * 2;
  CHECK_EQ(atomic_load(&cells[0]) & 0xFF, 0x04);
  CHECK_EQ(atomic_load(&cells[1]) & 0xFF, 0x02);
  CHECK_EQ(rk_write(m, BASE + 0x203, 1, 0x4), RK_OK);
  CHECK_EQ(atomic_load(&cells[1]) & 0xFF, 0x08);
  CHECK_EQ(rk_write(c, BASE + 0x202, 1, 0x6), RK_REPORTED); /* still in cell 0 */
  CHECK_EQ(drain(d), 1);
  CHECK_EQ(rk_write(c, BASE + 0x200, 1, 0x5), RK_OK); /* evicted, so forgotten */
  CHECK_EQ(drain(d), 0);
  rk_close(d);
}

void test_same_thread_replaces_its_cell(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  rk_cell *cells = rk_ranges_of(d)->r[0].cells + (0x300 >> 3) * 2;
  CHECK_EQ(rk_read(m, BASE + 0x300, 4, 0x1), RK_OK);
  CHECK_EQ(rk_write(m, BASE + 0x300, 4, 0x2), RK_OK); /* a write replaces a read of the same bytes */
  CHECK_EQ(atomic_load(&cells[0]) & (RK_CELL_MASK | RK_CELL_READ), 0x0F);
  CHECK_EQ(atomic_load(&cells[1]), 0);
  CHECK_EQ(rk_read(m, BASE + 0x300, 4, 0x3), RK_OK); /* covered by the write of this epoch: nothing stored */
  CHECK_EQ(atomic_load(&cells[1]), 0);
  CHECK_EQ(rk_release(m, 0x9000), RK_OK);
  CHECK_EQ(rk_read(m, BASE + 0x300, 4, 0x4), RK_OK); /* a new epoch: a read does not replace a write */
  CHECK(atomic_load(&cells[1]) & RK_CELL_READ);
  report r;
  CHECK_REPORT(d, rk_write(c, BASE + 0x300, 1, 0x5), &r);
  CHECK_EQ(r.prev.type, RK_WRITE); /* cell 0 is checked first */
  CHECK_EQ(r.prev.stack[0], 0x2);
  rk_close(d);
}

void test_restore_finds_last_matching_access(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  CHECK_EQ(rk_write(m, BASE + 0x400, 1, 0x1), RK_OK);
  CHECK_EQ(rk_write(m, BASE + 0x400, 8, 0x2), RK_OK); /* another cell, same epoch, covers the byte too */
  report r;
  CHECK_REPORT(d, rk_write(c, BASE + 0x400, 1, 0x3), &r);
  CHECK_EQ(r.prev.size, 1); /* the cell found first */
  CHECK_EQ(r.prev.stack[0], 0x2); /* but the last write of that epoch covering its byte */
  rk_close(d);
}

void test_start_and_join_order(void) {
  rk_detector *d = open_mapped(1);
  rk_thread *m = rk_main_thread(d);
  CHECK_EQ(rk_write(m, BASE + 0x500, 8, 0x1), RK_OK);
  rk_thread *c = start(d, m, 0x900);
  CHECK_EQ(rk_write(c, BASE + 0x500, 8, 0x2), RK_OK); /* the start orders main's write before */
  CHECK_EQ(rk_write(c, BASE + 0x508, 8, 0x3), RK_OK);
  end_join(d, c, m);
  CHECK_EQ(rk_write(m, BASE + 0x508, 8, 0x4), RK_OK); /* the join orders the child's write before */
  rk_thread *e = start(d, m, 0x901);
  CHECK_EQ(rk_write(e, BASE + 0x510, 8, 0x5), RK_OK);
  end_join(d, e, NULL);
  report r;
  CHECK_REPORT(d, rk_write(m, BASE + 0x510, 8, 0x6), &r); /* ended but not joined */
  CHECK_EQ(r.prev.tid, 2);
  CHECK_THREAD(r.prev_thread, 2, 0, 0x901);
  CHECK_EQ(r.prev.restored, 1);
  CHECK_EQ(r.prev.stack[0], 0x5);
  rk_close(d);
}

void test_creation_stack(void) {
  rk_detector *d = open_mapped(1);
  rk_thread *m = rk_main_thread(d);
  CHECK_EQ(rk_func_enter(m, 0xA), RK_OK);
  CHECK_EQ(rk_func_enter(m, 0xB), RK_OK);
  rk_thread *c = start(d, m, 0xC);
  CHECK_EQ(rk_thread_id(c), 1);
  CHECK_EQ(rk_write(m, BASE, 8, 0xD), RK_OK);
  report r;
  CHECK_REPORT(d, rk_write(c, BASE, 8, 0xE), &r);
  CHECK_STACK(r.cur_thread, 0xC, 0xB, 0xA);
  CHECK_STACK(r.prev, 0xD, 0xB, 0xA);
  rk_close(d);
}
