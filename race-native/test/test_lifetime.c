/*
 * Lifetime under misuse: rk_shutdown while OS threads still feed events, rk_thread_end of a thread another OS thread
 * is feeding, several OS threads feeding one rk_thread at once. The core must stay memory-safe (test-sanitized runs
 * these under ASan/UBSan), and every call after the fact must fail cleanly.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "util.h"

#define FEEDERS 4

typedef struct feeder {
  rk_detector *d;
  rk_thread *t;
  int index;
  int stopped_by; /* the error code that stopped it */
  long calls;
} feeder;

static atomic_int go;

static void nap(long ns) {
  struct timespec ts = {0, ns};
  nanosleep(&ts, NULL);
}

/* Every kind of call until one fails with an error; returns that error. */
static int feed_until_error(rk_thread *t, int index, long *calls) {
  uint64_t mine = BASE + 0x4000 + (uint64_t)index * 0x400;
  for (long i = 0;; i++) {
    uint64_t pc = 0x1000 + (uint64_t)(i & 63);
    int rc;
    if ((rc = rk_func_enter(t, pc)) < 0 || (rc = rk_write(t, BASE + (uint64_t)(i & 31) * 8, 8, pc)) < 0
        || (rc = rk_read(t, mine + (uint64_t)(i & 63) * 8, 4, pc)) < 0
        || (rc = rk_access(t, mine + 8, 8, RK_ATOMIC_WRITE, pc)) < 0
        || (rc = rk_access_mapped(t, mine + 16, 4, pc, 0, RK_WRITE)) < 0
        || (rc = rk_access_range(t, mine, 64, RK_WRITE, pc)) < 0 || (rc = rk_acquire(t, 0xA0 + (uint64_t)index)) < 0
        || (rc = rk_release(t, 0xA0 + (uint64_t)index)) < 0 || (rc = rk_release_merge(t, 0xB0)) < 0
        || (rc = rk_ignore_begin(t)) < 0 || (rc = rk_ignore_end(t)) < 0
        || (i % 16 == 0 && ((rc = rk_free(t, mine, 32, pc)) < 0 || (rc = rk_malloc(t, mine, 32)) < 0))
        || (rc = rk_func_exit(t)) < 0) {
      return rc;
    }
    *calls += 13;
  }
}

static void *feed(void *arg) {
  feeder *f = arg;
  while (!atomic_load(&go)) {
  }
  f->stopped_by = feed_until_error(f->t, f->index, &f->calls);
  return NULL;
}

/* Starts FEEDERS threads of m, each fed by an OS thread of its own that waits until go is 1. */
static void start_feeders(rk_detector *d, rk_thread *m, feeder *f, pthread_t *os) {
  atomic_store(&go, 0);
  for (int i = 0; i < FEEDERS; i++) {
    f[i] = (feeder){.d = d, .t = start(d, m, 0x900), .index = i};
    NEED(pthread_create(&os[i], NULL, feed, &f[i]) == 0);
  }
}

static void *drain_loop(void *arg) {
  rk_detector *d = arg;
  while (atomic_load(&go) != 2) {
    drain_raw(d);
  }
  return NULL;
}

void test_shutdown_while_feeding(void) {
  for (int round = 0; round < 20; round++) {
    rk_detector *d = open_mapped(0);
    rk_thread *m = rk_main_thread(d);
    feeder f[FEEDERS];
    pthread_t os[FEEDERS];
    pthread_t drainer;
    start_feeders(d, m, f, os);
    NEED(pthread_create(&drainer, NULL, drain_loop, d) == 0);
    atomic_store(&go, 1);
    nap(100000 + round * 50000L);
    rk_shutdown(d);
    for (int i = 0; i < FEEDERS; i++) {
      NEED(pthread_join(os[i], NULL) == 0);
      CHECK_EQ(f[i].stopped_by, RK_ECLOSED);
    }
    atomic_store(&go, 2);
    NEED(pthread_join(drainer, NULL) == 0);
    /* Everything after the shutdown fails cleanly. */
    uint64_t buf[64];
    rk_thread *c = NULL;
    CHECK_EQ(rk_next_report(d, buf, 64), 0);
    CHECK_EQ(rk_thread_start(d, m, 0x1, &c), RK_ECLOSED);
    CHECK_EQ(rk_map_shadow(d, BASE + SIZE, 4096), RK_ECLOSED);
    CHECK_EQ(rk_write(f[0].t, BASE, 8, 0x1), RK_ECLOSED);
    CHECK_EQ(rk_access_mapped(f[0].t, BASE, 8, 0x1, 0, RK_WRITE), RK_ECLOSED);
    CHECK_EQ(rk_func_exit(m), RK_ECLOSED);
    CHECK_EQ(rk_thread_end(d, f[0].t, buf, 64), RK_ECLOSED);
    rk_shutdown(d); /* twice: nothing */
    CHECK_EQ(rk_thread_release(d, f[0].t), RK_OK); /* closed: freed now; the others by rk_close */
    rk_close(d);
  }
}

void test_end_while_feeding(void) {
  for (int round = 0; round < 20; round++) {
    rk_detector *d = open_mapped(0);
    rk_thread *m = rk_main_thread(d);
    feeder f[FEEDERS];
    pthread_t os[FEEDERS];
    start_feeders(d, m, f, os);
    atomic_store(&go, 1);
    uint64_t clock[RK_MAX_SLOTS];
    for (int i = 0; i < FEEDERS; i++) {
      nap(20000 + round * 10000L);
      int64_t n = rk_thread_end(d, f[i].t, clock, RK_MAX_SLOTS);
      CHECK(n > 0);
      CHECK_EQ(rk_thread_join(m, clock, n), RK_OK);
      rk_thread *c = start(d, m, 0x901); /* recycles slots while late calls may still run */
      end_join(d, c, m);
    }
    for (int i = 0; i < FEEDERS; i++) {
      NEED(pthread_join(os[i], NULL) == 0);
      CHECK_EQ(f[i].stopped_by, RK_EENDED);
      CHECK_EQ(rk_write(f[i].t, BASE, 8, 0x1), RK_EENDED); /* still allocated: fails cleanly */
      CHECK_EQ(rk_access_mapped(f[i].t, BASE, 8, 0x1, 0, RK_WRITE), RK_EENDED);
      CHECK_EQ(rk_thread_release(d, f[i].t), RK_OK);
    }
    drain(d);
    rk_close(d);
  }
}

typedef struct sharer {
  rk_detector *d;
  rk_thread *t;
  int role;
} sharer;

static void *share(void *arg) {
  sharer *s = arg;
  rk_thread *t = s->t;
  uint64_t clock[RK_MAX_SLOTS];
  while (!atomic_load(&go)) {
  }
  for (int k = 0; k < 3000; k++) {
    switch (s->role) {
      case 0:
        for (int j = 0; j < 40; j++) {
          (void)rk_func_enter(t, 0x400 + (uint64_t)j);
        }
        (void)rk_write(t, BASE + (uint64_t)(k & 127) * 8, 8, 0x401);
        for (int j = 0; j < 40; j++) {
          (void)rk_func_exit(t);
        }
        break;
      case 1: {
        /* Children whose clocks are longer than t's: joining them grows t's clock. */
        rk_thread *c = NULL;
        if (rk_thread_start(s->d, t, 0x500, &c) == RK_OK) {
          (void)rk_write(c, BASE + 0x2000 + (uint64_t)(k & 127) * 8, 8, 0x501);
          (void)rk_release(c, 0xC000 + (uint64_t)k);
          int64_t n = rk_thread_end(s->d, c, clock, RK_MAX_SLOTS);
          if (n > 0) {
            (void)rk_thread_join(t, clock, n);
          }
          (void)rk_thread_release(s->d, c);
          (void)rk_acquire(t, 0xC000 + (uint64_t)k);
        }
        break;
      }
      default:
        (void)rk_access_range(t, BASE + 0x3000, 512, RK_WRITE, 0x600);
        (void)rk_release(t, 0xD000 + (uint64_t)(k & 7));
        (void)rk_read(t, BASE + 0x3000 + (uint64_t)(k & 63) * 8, 8, 0x601);
        (void)rk_free(t, BASE + 0x3800, 64, 0x602);
        (void)rk_malloc(t, BASE + 0x3800, 64);
        break;
    }
  }
  return NULL;
}

static void *drain_some(void *arg) {
  rk_detector *d = arg;
  while (atomic_load(&go) != 2) {
    drain_raw(d);
    (void)rk_unmapped_count(d);
  }
  return NULL;
}

void test_one_thread_fed_by_many_os_threads(void) {
  for (int round = 0; round < 4; round++) {
    rk_detector *d = open_mapped(0);
    rk_thread *m = rk_main_thread(d);
    /* Many threads alive at once make long clocks. */
    rk_thread *keep[200];
    for (int i = 0; i < 200; i++) {
      keep[i] = start(d, m, 0x800);
    }
    rk_thread *t = start(d, m, 0x900);
    sharer s[FEEDERS];
    pthread_t os[FEEDERS];
    pthread_t drainer;
    atomic_store(&go, 0);
    for (int i = 0; i < FEEDERS; i++) {
      s[i] = (sharer){.d = d, .t = t, .role = i % 3};
      NEED(pthread_create(&os[i], NULL, share, &s[i]) == 0);
    }
    NEED(pthread_create(&drainer, NULL, drain_some, d) == 0);
    atomic_store(&go, 1);
    for (int i = 0; i < FEEDERS; i++) {
      NEED(pthread_join(os[i], NULL) == 0);
    }
    atomic_store(&go, 2);
    NEED(pthread_join(drainer, NULL) == 0);
    /* The misused thread still works afterwards, and so does the detector. */
    uint64_t clock[RK_MAX_SLOTS];
    CHECK(rk_thread_end(d, t, clock, RK_MAX_SLOTS) > 0);
    for (int i = 0; i < 200; i++) {
      end_join(d, keep[i], m);
    }
    drain(d);
    rk_thread *u = start(d, m, 0x901);
    CHECK_EQ(rk_write(u, BASE + 0x7000, 8, 0x1), RK_OK);
    CHECK_EQ(rk_write(m, BASE + 0x7000, 8, 0x2), RK_REPORTED);
    drain(d);
    rk_close(d);
  }
}

/* A call that passed the state check of its thread just before the thread ended must find the thread's record alive,
 * even after the journal has dropped it (two later owners of the slot). */
void test_ended_thread_keeps_its_record(void) {
  rk_detector *d = open_mapped(0);
  rk_thread *m = rk_main_thread(d);
  rk_thread *t = start(d, m, 0x10);
  CHECK_EQ(rk_func_enter(t, 0x20), RK_OK);
  end_join(d, t, m);
  for (int i = 0; i < 3 * (RK_SLOT_QUARANTINE + 2); i++) {
    end_join(d, start(d, m, 0x30), m); /* the slot is recycled until t's record drops out of the journal */
  }
  CHECK(t->record != NULL && t->record->unjournaled);
  atomic_store(&t->state, RK_LIVE); /* what a late call sees when it loaded the state before the end */
  CHECK(rk_write(t, BASE + 0x100, 8, 0x21) >= 0);
  CHECK_EQ(rk_func_exit(t), RK_OK);
  atomic_store(&t->state, RK_ENDED);
  CHECK_EQ(rk_thread_release(d, t), RK_OK); /* frees the thread and the record it held */
  drain(d);
  rk_close(d);
}

void test_release_rules(void) {
  rk_detector *d = open_mapped(0);
  rk_detector *other = open_mapped(0);
  rk_thread *m = rk_main_thread(d);
  rk_thread *live = start(d, m, 0x10);
  rk_thread *ended = start(d, m, 0x11);
  end_join(d, ended, m);
  CHECK_EQ(rk_thread_release(other, live), RK_EINVAL);
  CHECK_EQ(rk_thread_release(d, NULL), RK_EINVAL);
  CHECK_EQ(rk_thread_release(d, live), RK_OK); /* live: kept (its slot too) until rk_close */
  CHECK_EQ(rk_write(live, BASE, 8, 0x1), RK_OK);
  CHECK_EQ(rk_thread_release(d, live), RK_OK); /* twice: nothing */
  CHECK_EQ(rk_thread_release(d, ended), RK_OK); /* ended: freed now (ASan would see a leak or a double free) */
  CHECK_EQ(rk_thread_release(d, m), RK_OK);     /* main: freed by rk_close */
  CHECK_EQ(rk_write(m, BASE + 8, 8, 0x2), RK_OK);
  drain(d);
  rk_close(d);
  rk_close(other);
}

void test_shutdown_returns_shadow_and_keeps_it_readable(void) {
  rk_detector *d = open_mapped(0);
  rk_thread *m = rk_main_thread(d);
  CHECK_EQ(rk_write(m, BASE + 0x100, 8, 0x1), RK_OK);
  const rk_cell *cells = (const rk_cell *)(uintptr_t)rk_shadow_cells(d, BASE);
  CHECK(cells[0x100 / 8 * RK_CELLS_PER_WORD] != 0);
  CHECK(rk_shadow_resident_bytes(d) > 0);
  rk_shutdown(d);
  CHECK_EQ(rk_shadow_resident_bytes(d), 0); /* back to the OS */
  CHECK_EQ(cells[0x100 / 8 * RK_CELLS_PER_WORD], 0); /* and still mapped: a late reader sees zeros */
  CHECK_EQ(rk_write(m, BASE + 0x100, 8, 0x2), RK_ECLOSED);
  rk_close(d);
}

/* Ended threads that the caller has not released yet keep only their small state: once their record drops out of
 * the journal, their history ring goes to the pool, and new rings reuse it instead of fresh memory. */
void test_unreleased_threads_give_back_their_rings(void) {
  rk_detector *d = open_mapped(0);
  rk_thread *m = rk_main_thread(d);
  enum { N = 2000 };
  for (int i = 0; i < N; i++) {
    rk_thread *t = start(d, m, 0x10);
    CHECK_EQ(rk_write(t, BASE + (uint64_t)(i & 63) * 8, 8, 0x11), RK_OK);
    end_join(d, t, m); /* not released */
  }
  int with_ring = 0;
  int ended = 0;
  for (rk_thread *t = d->ended; t != NULL; t = t->next_live, ended++) {
    for (int p = 0; p < RK_HISTORY_PARTS; p++) {
      if (atomic_load(&t->record->history.parts[p]) != NULL) {
        with_ring++;
        break;
      }
    }
  }
  CHECK_EQ(ended, N);
  CHECK(with_ring <= 4);           /* only the records the journal still names */
  CHECK(d->parts.n + (size_t)with_ring <= 8); /* and the pool holds what they gave back, reused again and again */
  drain(d);
  rk_close(d);
}
