/* Every error code, and that a failing call changes nothing. */
#include "util.h"

/* Every call that takes a thread and at most a pc or sync address returns want; says which one did not. Each is
 * refused before it does anything, so the order in which the initializer runs them does not matter. */
static int stack_sync_and_ignore_calls_return(rk_thread *t, int want) {
  const struct {
    const char *name;
    int rc;
  } calls[] = {
      {"rk_func_enter", rk_func_enter(t, 0x1)},       {"rk_func_exit", rk_func_exit(t)},
      {"rk_acquire", rk_acquire(t, 0x1)},             {"rk_release", rk_release(t, 0x1)},
      {"rk_release_merge", rk_release_merge(t, 0x1)}, {"rk_ignore_begin", rk_ignore_begin(t)},
      {"rk_ignore_end", rk_ignore_end(t)},
  };
  for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
    if (calls[i].rc != want) {
      fprintf(stderr, "  %s returned %d, not %d\n", calls[i].name, calls[i].rc, want);
      return 0;
    }
  }
  return 1;
}

void test_errors_invalid_arguments(void) {
  CHECK(rk_open(-1) == NULL);
  CHECK(rk_open(8) == NULL);
  rk_detector *d = open_mapped(1);
  rk_thread *m = rk_main_thread(d);
  /* sized accesses */
  static const uint64_t bad_sizes[] = {0, 3, 5, 6, 7, 9, 16};
  for (size_t i = 0; i < sizeof bad_sizes / sizeof bad_sizes[0]; i++) {
    CHECK_EQ(rk_read(m, BASE, bad_sizes[i], 0x1), RK_EINVAL);
  }
  CHECK_EQ(rk_write(m, BASE + 1, 8, 0x1), RK_EINVAL);  /* crosses a word */
  CHECK_EQ(rk_write(m, BASE + 6, 4, 0x1), RK_EINVAL);
  CHECK_EQ(rk_write(m, BASE + 7, 2, 0x1), RK_EINVAL);
  CHECK_EQ(rk_write(m, 0x11, 8, 0x1), RK_EINVAL); /* checked even when unmapped */
  CHECK_EQ(rk_access(m, BASE, 8, RK_FREE, 0x1), RK_EINVAL);
  CHECK_EQ(rk_access(m, BASE, 8, 99, 0x1), RK_EINVAL);
  CHECK_EQ(rk_access(NULL, BASE, 8, RK_READ, 0x1), RK_EINVAL);
  /* ranges */
  CHECK_EQ(rk_access_range(m, BASE, 8, RK_ATOMIC_READ, 0x1), RK_EINVAL);
  CHECK_EQ(rk_access_range(m, BASE, 8, RK_FREE, 0x1), RK_EINVAL);
  CHECK_EQ(rk_access_range(m, BASE, RK_MAX_ACCESS_RANGE + 1, RK_READ, 0x1), RK_EINVAL);
  CHECK_EQ(rk_access_range(m, 0, RK_MAX_ACCESS_RANGE, RK_READ, 0x1), RK_OK);
  CHECK_EQ(rk_access_range(m, 0 - 8ull, 9, RK_READ, 0x1), RK_EINVAL); /* wraps */
  CHECK_EQ(rk_access_range(m, 0 - 8ull, 8, RK_READ, 0x1), RK_OK);
  CHECK_EQ(rk_access_range(m, 0 - 8ull, 0, RK_READ, 0x1), RK_OK);
  CHECK_EQ(rk_access_range(m, 0, UINT64_MAX, RK_READ, 0x1), RK_EINVAL); /* Java's negative length */
  CHECK_EQ(rk_malloc(m, 0 - 8ull, 16), RK_EINVAL);
  CHECK_EQ(rk_malloc(m, 0, RK_MAX_ACCESS_RANGE + 1), RK_EINVAL);
  CHECK_EQ(rk_free(m, 0 - 8ull, 16, 0x1), RK_EINVAL);
  CHECK_EQ(rk_free(m, 0, UINT64_MAX, 0x1), RK_EINVAL);
  CHECK_EQ(rk_malloc(NULL, 0, 8), RK_EINVAL);
  CHECK_EQ(rk_free(NULL, 0, 8, 0), RK_EINVAL);
  /* mapping */
  CHECK_EQ(rk_map_shadow(d, 0x1004, 8), RK_EINVAL);
  CHECK_EQ(rk_map_shadow(d, 0x1000, 12), RK_EINVAL);
  CHECK_EQ(rk_map_shadow(d, 0x1000, 0), RK_EINVAL);
  CHECK_EQ(rk_map_shadow(d, 0x1000, RK_MAX_RANGE_SIZE + 8), RK_EINVAL);
  CHECK_EQ(rk_map_shadow(d, 0x1000, UINT64_MAX - 7), RK_EINVAL); /* Java's negative size */
  CHECK_EQ(rk_map_shadow(d, 0 - 8ull, 16), RK_EINVAL);            /* wraps */
  CHECK_EQ(rk_map_shadow(d, BASE + SIZE - 8, 16), RK_EINVAL);     /* overlaps */
  CHECK_EQ(rk_map_shadow(d, BASE - 8, 16), RK_EINVAL);
  CHECK_EQ(rk_map_shadow(d, BASE - 0x1000, 0x3000), RK_EINVAL);
  CHECK_EQ(rk_map_shadow(d, BASE + 8, 8), RK_EINVAL);
  CHECK_EQ(rk_map_shadow(NULL, 0x1000, 8), RK_EINVAL);
  CHECK_EQ(rk_ranges_of(d)->n, 1);
  CHECK_EQ(rk_map_shadow(d, BASE + SIZE, 8), RK_OK); /* adjacent is fine */
  /* threads */
  rk_thread *c = NULL;
  CHECK_EQ(rk_thread_start(d, m, 0x1, NULL), RK_EINVAL);
  CHECK_EQ(rk_thread_start(d, NULL, 0x1, &c), RK_EINVAL);
  CHECK_EQ(rk_thread_start(NULL, m, 0x1, &c), RK_EINVAL);
  rk_detector *other = rk_open(0);
  NEED(other != NULL);
  CHECK_EQ(rk_thread_start(other, m, 0x1, &c), RK_EINVAL);
  CHECK(c == NULL);
  uint64_t clock[8];
  CHECK_EQ(rk_thread_end(other, m, clock, 8), RK_EINVAL);
  rk_close(other);
  c = start(d, m, 0x1);
  CHECK_EQ(rk_thread_clock_length(c), 2);
  CHECK_EQ(rk_thread_end(d, c, clock, 1), RK_EINVAL); /* too small: nothing happened */
  CHECK_EQ(rk_thread_end(d, c, NULL, 8), RK_EINVAL);
  CHECK_EQ(rk_write(c, BASE, 8, 0x1), RK_OK);
  CHECK_EQ(rk_thread_end(d, c, clock, 8), 2);
  CHECK_EQ(rk_thread_join(m, clock, -1), RK_EINVAL);
  CHECK_EQ(rk_thread_join(m, clock, RK_MAX_SLOTS + 1), RK_EINVAL);
  CHECK_EQ(rk_thread_join(m, NULL, 2), RK_EINVAL);
  CHECK_EQ(rk_thread_join(m, NULL, 0), RK_OK);
  CHECK_EQ(rk_thread_join(NULL, clock, 2), RK_EINVAL);
  CHECK_EQ(rk_thread_id(NULL), RK_EINVAL);
  CHECK_EQ(rk_thread_clock_length(NULL), RK_EINVAL);
  CHECK(rk_main_thread(NULL) == NULL);
  /* reports */
  uint64_t buf[4];
  CHECK_EQ(rk_next_report(d, buf, -1), RK_EINVAL);
  CHECK_EQ(rk_next_report(d, NULL, 4), RK_EINVAL);
  CHECK_EQ(rk_next_report(NULL, buf, 4), RK_EINVAL);
  /* null threads everywhere */
  CHECK(stack_sync_and_ignore_calls_return(NULL, RK_EINVAL));
  CHECK_EQ(rk_unmapped_count(d), 1); /* the 8 bytes at the top of the address space */
  CHECK_EQ(drain(d), 0);
  rk_close(d);
  rk_close(NULL);
}

void test_errors_ended(void) {
  rk_detector *d = open_mapped(1);
  rk_thread *m = rk_main_thread(d);
  uint64_t clock[4];
  CHECK_EQ(rk_thread_end(d, m, clock, 4), 1);
  CHECK_EQ(rk_read(m, BASE, 3, 0x1), RK_EENDED); /* the state is checked before the arguments, as in Java */
  CHECK_EQ(rk_access(m, BASE, 8, RK_ATOMIC_WRITE, 0x1), RK_EENDED);
  CHECK_EQ(rk_access_range(m, BASE, 8, RK_READ, 0x1), RK_EENDED);
  CHECK(stack_sync_and_ignore_calls_return(m, RK_EENDED));
  CHECK_EQ(rk_malloc(m, BASE, 8), RK_EENDED);
  CHECK_EQ(rk_free(m, BASE, 8, 0x1), RK_EENDED);
  CHECK_EQ(rk_thread_join(m, clock, 1), RK_EENDED);
  CHECK_EQ(rk_thread_end(d, m, clock, 4), RK_EENDED);
  rk_close(d);
}

void test_errors_stack(void) {
  rk_detector *d = open_mapped(0);
  rk_thread *m = rk_main_thread(d);
  CHECK_EQ(rk_func_exit(m), RK_ESTACK_EMPTY);
  for (int i = 0; i < RK_MAX_STACK; i++) {
    if (rk_func_enter(m, 0x1000 + (uint64_t)i) != RK_OK) {
      CHECK(0);
    }
  }
  CHECK_EQ(m->depth, RK_MAX_STACK);
  CHECK_EQ(rk_func_enter(m, 0x1), RK_ESTACK_OVERFLOW);
  CHECK_EQ(m->depth, RK_MAX_STACK);
  CHECK_EQ(rk_func_exit(m), RK_OK);
  CHECK_EQ(rk_func_enter(m, 0x2), RK_OK);
  for (int i = 0; i < RK_MAX_STACK; i++) {
    if (rk_func_exit(m) != RK_OK) {
      CHECK(0);
    }
  }
  CHECK_EQ(rk_func_exit(m), RK_ESTACK_EMPTY);
  rk_close(d);
}

void test_errors_ignore(void) {
  rk_detector *d = open_mapped(0);
  rk_thread *m = rk_main_thread(d);
  CHECK_EQ(rk_ignore_end(m), RK_EIGNORE);
  CHECK_EQ(rk_ignore_begin(m), RK_OK);
  CHECK_EQ(rk_ignore_end(m), RK_OK);
  CHECK_EQ(rk_ignore_end(m), RK_EIGNORE);
  CHECK_EQ(m->head.ignore_depth, 0);
  rk_close(d);
}

void test_errors_ranges(void) {
  rk_detector *d = rk_open(0);
  NEED(d != NULL);
  for (uint64_t i = 0; i < RK_MAX_RANGES; i++) {
    CHECK_EQ(rk_map_shadow(d, 0x10000 + i * 0x100, 8), RK_OK);
  }
  CHECK_EQ(rk_map_shadow(d, 0x900000, 8), RK_ERANGES);
  CHECK_EQ(rk_map_shadow(d, 0x900004, 8), RK_EINVAL); /* arguments are checked first */
  CHECK_EQ(rk_map_shadow(d, 0x10000, 8), RK_ERANGES); /* then the count, then overlaps */
  CHECK_EQ(rk_ranges_of(d)->n, RK_MAX_RANGES);
  rk_close(d);
}

/* RK_MAX_SLOTS live threads would need 1 GiB of clocks here; the slots are used up directly instead. */
void test_errors_threads(void) {
  rk_detector *d = open_mapped(0);
  rk_thread *m = rk_main_thread(d);
  rk_thread *c = start(d, m, 0x1); /* slot 1 */
  int32_t slot;
  bool from_free;
  while (d->slots.fresh < RK_MAX_SLOTS) {
    NEED(rk_slots_choose(&d->slots, &m->clock, &slot, &from_free) == RK_OK && !from_free);
    rk_slots_take(&d->slots, false);
  }
  int64_t next_id = d->next_id;
  rk_thread *x = NULL;
  CHECK_EQ(rk_thread_start(d, m, 0x2, &x), RK_ETHREADS);
  CHECK(x == NULL);
  CHECK_EQ(d->next_id, next_id);
  /* once one ends, its slot is taken even without the parent knowing it: there is no other */
  end_join(d, c, NULL);
  x = start(d, m, 0x3);
  CHECK_EQ(x->slot, 1);
  CHECK_EQ(rk_thread_start(d, m, 0x4, &c), RK_ETHREADS);
  rk_close(d);
}

void test_errors_epoch(void) {
  rk_detector *d = open_mapped(0);
  rk_thread *m = rk_main_thread(d);
  rk_thread *c = start(d, m, 0x1);
  /* main's epoch space is exhausted */
  uint64_t saved = m->clock.buf->v[0];
  m->clock.buf->v[0] = RK_MAX_EPOCH;
  m->head.stamp = rk_cell_stamp(0, RK_MAX_EPOCH);
  CHECK_EQ(rk_write(m, BASE, 8, 0x1), RK_OK); /* accesses still work */
  CHECK_EQ(rk_release(m, 0x42), RK_EEPOCH);
  CHECK_EQ(rk_release_merge(m, 0x42), RK_EEPOCH);
  CHECK_EQ(rk_sync_count(&d->syncs), 0); /* nothing changed */
  CHECK_EQ(m->clock.buf->v[0], RK_MAX_EPOCH);
  rk_thread *x = NULL;
  int64_t next_id = d->next_id;
  int32_t fresh = d->slots.fresh;
  CHECK_EQ(rk_thread_start(d, m, 0x2, &x), RK_EEPOCH);
  CHECK(x == NULL);
  CHECK_EQ(d->next_id, next_id);
  CHECK_EQ(d->slots.fresh, fresh);
  CHECK_EQ(m->clock.buf->v[0], RK_MAX_EPOCH);
  CHECK_EQ(rk_acquire(m, 0x42), RK_OK);
  m->clock.buf->v[0] = saved;
  m->head.stamp = rk_cell_stamp(0, saved);
  /* a recycled slot whose epoch space is exhausted is retired, as Slots.allocate does */
  end_join(d, c, NULL);
  CHECK_EQ(d->slots.count, 1);
  d->slots.last_epoch[1] = RK_MAX_EPOCH;
  uint64_t known[2] = {0, RK_MAX_EPOCH};
  CHECK_EQ(rk_thread_join(m, known, 2), RK_OK); /* so that main may take slot 1 at once */
  CHECK_EQ(rk_thread_start(d, m, 0x3, &x), RK_EEPOCH);
  CHECK(x == NULL);
  CHECK_EQ(d->slots.count, 0);
  CHECK_EQ(d->next_id, next_id);
  x = start(d, m, 0x4);
  CHECK_EQ(x->slot, 2);
  CHECK_EQ(rk_thread_id(x), next_id);
  rk_close(d);
}
