/* Thread lifecycle: slots recycled with the quarantine rule, the slot journal, and many short-lived threads. */
#include "util.h"

void test_many_short_lived_threads_joined(void) {
  rk_detector *d = open_mapped(0);
  rk_thread *m = rk_main_thread(d);
  for (int i = 0; i < 100000; i++) {
    rk_thread *c = start(d, m, 0x900);
    CHECK_EQ(rk_thread_id(c), i + 1);
    CHECK_EQ(rk_write(c, BASE + (uint64_t)(i % 64) * 8, 8, 0x1), RK_OK);
    end_join(d, c, m);
    CHECK_EQ(rk_write(m, BASE + (uint64_t)(i % 64) * 8, 8, 0x2), RK_OK);
  }
  CHECK_EQ(d->slots.fresh, 2); /* the joined slot is safe to reuse at once */
  CHECK_EQ(rk_thread_clock_length(m), 2);
  CHECK_EQ(drain(d), 0);
  rk_close(d);
}

void test_many_short_lived_threads_not_joined(void) {
  rk_detector *d = open_mapped(0);
  rk_thread *m = rk_main_thread(d);
  for (int i = 0; i < 100000; i++) {
    rk_thread *c = start(d, m, 0x900);
    CHECK_EQ(rk_read(c, BASE + (uint64_t)(i % 64) * 8, 8, 0x1), RK_OK); /* reads: no races */
    end_join(d, c, NULL);
  }
  /* Unjoined slots wait in the quarantine: reused once more than RK_SLOT_QUARANTINE are free. */
  CHECK_EQ(d->slots.fresh, 1 + RK_SLOT_QUARANTINE + 1);
  CHECK_EQ(d->slots.count, RK_SLOT_QUARANTINE + 1); /* the last one ended too */
  rk_close(d);
}

void test_slot_reuse_rules(void) {
  rk_detector *d = open_mapped(0);
  rk_thread *m = rk_main_thread(d);
  rk_thread *a = start(d, m, 0x1);
  CHECK_EQ(a->slot, 1);
  end_join(d, a, NULL);
  rk_thread *b = start(d, m, 0x2); /* main does not know a's last epoch: a fresh slot */
  CHECK_EQ(b->slot, 2);
  end_join(d, b, m);
  rk_thread *c = start(d, m, 0x3); /* the head (slot 1) is still unknown to main, slot 2 behind it is safe */
  CHECK_EQ(c->slot, 2);
  rk_thread *e = start(d, c, 0x4); /* slot 1 is unknown to c too: fresh */
  CHECK_EQ(e->slot, 3);
  /* A new owner continues the slot's epochs. */
  uint64_t last = d->slots.last_epoch[1];
  uint64_t joined[2] = {0, last};
  CHECK_EQ(rk_thread_join(m, joined, 2), RK_OK);
  rk_thread *f = start(d, m, 0x5);
  CHECK_EQ(f->slot, 1);
  CHECK_EQ(f->clock.buf->v[1], last + 1);
  CHECK_EQ(f->record->start_epoch, last + 1);
  rk_close(d);
}

void test_journal_names_previous_owner(void) {
  rk_detector *d = open_mapped(1);
  rk_thread *m = rk_main_thread(d);
  rk_thread *t3 = start(d, m, 0x3); /* id 1: knows nothing of what follows */
  rk_thread *t1 = start(d, m, 0x1); /* id 2, slot 2 */
  CHECK_EQ(rk_write(t1, BASE, 8, 0x11), RK_OK);
  end_join(d, t1, m);
  rk_thread *t2 = start(d, m, 0x2); /* id 3 reuses slot 2: t1 becomes the previous owner */
  CHECK_EQ(t2->slot, 2);
  report r;
  CHECK_REPORT(d, rk_read(t3, BASE, 8, 0x33), &r);
  CHECK_EQ(r.prev.tid, 2);
  CHECK_THREAD(r.prev_thread, 2, 0, 0x1);
  CHECK_EQ(r.prev.restored, 1);
  CHECK_EQ(r.prev.stack[0], 0x11);
  /* once the slot changes hands again, t1 drops out of the journal: the thread is unknown */
  end_join(d, t2, m);
  rk_thread *t4 = start(d, m, 0x4);
  CHECK_EQ(t4->slot, 2);
  CHECK_REPORT(d, rk_read(t3, BASE, 4, 0x34), &r);
  CHECK_EQ(r.prev.tid, -1);
  CHECK_ACCESS(r.prev, BASE, 8, RK_WRITE);
  CHECK_EQ(r.prev.restored, 0);
  CHECK_EQ(r.prev.n, 0);
  CHECK_EQ(r.prev_thread.id, -1);
  CHECK_EQ(r.prev_thread.running, 0);
  CHECK_EQ(r.prev_thread.n, 0);
  CHECK_EQ(r.cur_thread.id, 1);
  rk_close(d);
}

void test_main_thread_can_end(void) {
  rk_detector *d = open_mapped(1);
  rk_thread *m = rk_main_thread(d);
  rk_thread *c = start(d, m, 0x1);
  CHECK_EQ(rk_read(m, 0x10, 1, 0x1), RK_OK);
  uint64_t clock[4];
  CHECK_EQ(rk_thread_end(d, m, clock, 4), 1);
  CHECK_EQ(clock[0], 2);
  CHECK(rk_main_thread(d) == m);
  CHECK(((rk_thread_head *)m)->filter == &d->pass_all);
  CHECK_EQ(rk_thread_id(m), 0);
  CHECK_EQ(rk_write(m, BASE, 1, 0x2), RK_EENDED);
  CHECK_EQ(rk_read(m, 0x10, 1, 0x2), RK_EENDED);
  CHECK_EQ(rk_thread_end(d, m, clock, 4), RK_EENDED);
  CHECK_EQ(rk_thread_clock_length(m), RK_EENDED);
  rk_thread *x = NULL;
  CHECK_EQ(rk_thread_start(d, m, 0x3, &x), RK_EENDED);
  CHECK(x == NULL);
  CHECK_EQ(rk_unmapped_count(d), 1);
  CHECK_EQ(rk_thread_join(c, clock, 1), RK_OK);
  rk_close(d); /* frees c (live) and m (ended) */
}

