/*
 * The history ring: restoring the previous access's stack, part switches, wrap-around, history_size, and the
 * replay rules of the Java reference (History.restore), which the core must match event for event.
 * With history_size 0 a part is 2048 longs: 682 accesses of 3 longs fill 2046 of them.
 */
#include "util.h"

#define A (BASE + 0xF000) /* the access whose stack is restored; fillers use BASE.. */

/* main's write at A races with the child's earlier access there, whose stack the history restores as these pcs. */
#define CHECK_RACE_AT_A_RESTORES(d, m, ...)               \
  do {                                                    \
    report r_;                                            \
    CHECK_REPORT(d, rk_write(m, A, 8, 0xBBB), &r_);       \
    CHECK_EQ(r_.prev.restored, 1);                        \
    CHECK_STACK(r_.prev, __VA_ARGS__);                    \
  } while (0)

static int fill(rk_thread *t, int n, uint64_t first) {
  for (int i = 0; i < n; i++) {
    if (rk_write(t, BASE + (first + (uint64_t)i) * 8, 8, 0xF11) != RK_OK) {
      return 0;
    }
  }
  return 1;
}

void test_history_restores_stack(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(0, &m, &c);
  CHECK_EQ(rk_func_enter(c, 0x10), RK_OK);
  CHECK_EQ(rk_func_enter(c, 0x20), RK_OK);
  CHECK_EQ(rk_write(c, A, 8, 0xAAA), RK_OK);
  CHECK_EQ(rk_func_exit(c), RK_OK);
  CHECK(fill(c, 1000, 0)); /* into the second part */
  CHECK_EQ(rk_func_exit(c), RK_OK);
  CHECK_RACE_AT_A_RESTORES(d, m, 0xAAA, 0x20, 0x10);
  rk_close(d);
}

void test_history_wrap_not_restored(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(0, &m, &c);
  CHECK_EQ(rk_write(c, A, 8, 0xAAA), RK_OK);
  CHECK(fill(c, 3000, 0)); /* 9000 longs: more than four parts, the first is overwritten */
  report r;
  CHECK_REPORT(d, rk_write(m, A, 8, 0xBBB), &r);
  CHECK_EQ(r.prev.tid, 1);
  CHECK_EQ(r.prev.restored, 0);
  CHECK_EQ(r.prev.n, 0);
  CHECK_EQ(r.prev.addr, A);
  CHECK_EQ(r.prev_thread.id, 1);
  CHECK_EQ(r.prev_thread.running, 1);
  CHECK_EQ(r.prev_thread.n, 1);
  CHECK_EQ(r.cur.restored, 1);
  rk_close(d);
}

void test_history_size_doubles_the_ring(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  CHECK_EQ(c->record->history.part_len, 4096);
  CHECK_EQ(rk_write(c, A, 8, 0xAAA), RK_OK);
  CHECK(fill(c, 3000, 0)); /* fits in 4 x 4096 longs */
  report r;
  CHECK_REPORT(d, rk_write(m, A, 8, 0xBBB), &r);
  CHECK_EQ(r.prev.restored, 1);
  CHECK_EQ(r.prev.stack[0], 0xAAA);
  rk_close(d);
  d = rk_open(7);
  NEED(d != NULL);
  CHECK_EQ(rk_main_thread(d)->record->history.part_len, 2048 << 7);
  rk_close(d);
}

void test_history_gives_up_when_oldest_part_is_newer(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(0, &m, &c);
  CHECK_EQ(rk_write(c, A, 8, 0xAAA), RK_OK);
  CHECK_EQ(rk_release(c, 0x42), RK_OK);
  CHECK(fill(c, 2800, 0));
  report r;
  CHECK_REPORT(d, rk_write(m, A, 8, 0xBBB), &r);
  CHECK_EQ(r.prev.restored, 0);
  rk_close(d);
}

void test_history_replays_from_oldest_part_snapshot(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(0, &m, &c);
  CHECK_EQ(rk_func_enter(c, 0x10), RK_OK);
  CHECK(fill(c, 682, 0)); /* part 0 is now exactly full */
  CHECK_EQ(atomic_load(&c->record->history.pos), 2048);
  CHECK_EQ(rk_func_enter(c, 0x20), RK_OK); /* starts part 1, whose snapshot is [0x10] */
  CHECK_EQ(atomic_load(&c->record->history.cur), 1);
  CHECK_EQ(rk_write(c, A, 8, 0xAAA), RK_OK);
  CHECK(fill(c, 2100, 682)); /* part 0 is reused: part 1 is the oldest */
  CHECK_EQ(atomic_load(&c->record->history.started), 5);
  CHECK_RACE_AT_A_RESTORES(d, m, 0xAAA, 0x20, 0x10);
  rk_close(d);
}

/*
 * An epoch change that starts a new part still writes its EPOCH event, so a replay that began in an earlier part
 * sees the new epoch and finds the access made in it.
 */
void test_history_epoch_part_switch(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(0, &m, &c);
  CHECK_EQ(rk_func_enter(c, 0x10), RK_OK);
  CHECK(fill(c, 682, 0)); /* 2048 longs: full */
  CHECK_EQ(rk_release(c, 0x42), RK_OK); /* the epoch change starts part 1 */
  CHECK_EQ(atomic_load(&c->record->history.cur), 1);
  CHECK_EQ(rk_write(c, A, 8, 0xAAA), RK_OK);
  CHECK_RACE_AT_A_RESTORES(d, m, 0xAAA, 0x10);
  rk_close(d);
}

/*
 * A function exit that starts a new part is recorded before the pop, so the part's snapshot still holds the frame
 * and a replay that starts there pops it once.
 */
void test_history_exit_part_switch(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(0, &m, &c);
  CHECK_EQ(rk_func_enter(c, 0x10), RK_OK);
  CHECK_EQ(rk_func_enter(c, 0x20), RK_OK);
  CHECK_EQ(rk_release(c, 0x42), RK_OK); /* 1 long, so that accesses fill the part exactly */
  CHECK(fill(c, 681, 0));
  CHECK_EQ(atomic_load(&c->record->history.pos), 2048);
  CHECK_EQ(rk_func_exit(c), RK_OK); /* starts part 1: snapshot [0x10], then EXIT */
  CHECK_EQ(rk_write(c, A, 8, 0xAAA), RK_OK); /* real stack: 0xAAA, 0x10 */
  CHECK(fill(c, 2100, 681));
  CHECK_EQ(atomic_load(&c->record->history.started), 5);
  CHECK_RACE_AT_A_RESTORES(d, m, 0xAAA, 0x10);
  rk_close(d);
}

void test_history_parts_allocated_lazily(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(3, &m, &c);
  rk_history *h = &c->record->history;
  for (int i = 0; i < RK_HISTORY_PARTS; i++) {
    CHECK(h->parts[i] == NULL);
  }
  CHECK_EQ(rk_write(c, A, 8, 0x1), RK_OK);
  CHECK(h->parts[0] != NULL);
  CHECK(h->parts[1] == NULL);
  rk_close(d);
}
