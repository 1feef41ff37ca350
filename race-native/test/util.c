#include "util.h"

#include <string.h>

rk_detector *open_mapped(int history_size) {
  rk_detector *d = rk_open(history_size);
  NEED(d != NULL);
  NEED(rk_map_shadow(d, BASE, SIZE) == RK_OK);
  return d;
}

rk_detector *open_with_child(int history_size, rk_thread **main, rk_thread **child) {
  rk_detector *d = open_mapped(history_size);
  *main = rk_main_thread(d);
  *child = start(d, *main, CHILD_PC);
  return d;
}

rk_thread *start(rk_detector *d, rk_thread *parent, uint64_t pc) {
  rk_thread *t = NULL;
  NEED(rk_thread_start(d, parent, pc, &t) == RK_OK && t != NULL);
  return t;
}

void end_join(rk_detector *d, rk_thread *child, rk_thread *joiner) {
  int64_t n = rk_thread_clock_length(child);
  NEED(n > 0);
  uint64_t *clock = malloc((size_t)n * sizeof *clock);
  NEED(clock != NULL);
  NEED(rk_thread_end(d, child, clock, n) == n);
  if (joiner != NULL) {
    NEED(rk_thread_join(joiner, clock, n) == RK_OK);
  }
  free(clock);
}

static void copy_stack(uint64_t *to, int64_t *n, const uint64_t **from, uint64_t len) {
  NEED(len <= MAX_PCS);
  *n = (int64_t)len;
  memcpy(to, *from, len * sizeof *to);
  *from += len;
}

int next_report(rk_detector *d, report *r) {
  int64_t need = rk_next_report(d, NULL, 0);
  NEED(need >= 0);
  if (need == 0) {
    return 0;
  }
  uint64_t *buf = malloc((size_t)need * sizeof *buf);
  NEED(buf != NULL && rk_next_report(d, buf, need) == need);
  memset(r, 0, sizeof *r);
  r->kind = buf[0];
  r->cur.tid = (int64_t)buf[1];
  r->cur.addr = buf[2];
  r->cur.size = buf[3];
  r->cur.type = buf[4];
  r->cur.restored = buf[5];
  r->prev.tid = (int64_t)buf[7];
  r->prev.addr = buf[8];
  r->prev.size = buf[9];
  r->prev.type = buf[10];
  r->prev.restored = buf[11];
  r->cur_thread.id = (int64_t)buf[13];
  r->cur_thread.running = (int64_t)buf[14];
  r->prev_thread.id = (int64_t)buf[16];
  r->prev_thread.running = (int64_t)buf[17];
  NEED((int64_t)(RK_REPORT_HEADER + buf[6] + buf[12] + buf[15] + buf[18]) == need);
  const uint64_t *p = buf + RK_REPORT_HEADER;
  copy_stack(r->cur.stack, &r->cur.n, &p, buf[6]);
  copy_stack(r->prev.stack, &r->prev.n, &p, buf[12]);
  copy_stack(r->cur_thread.stack, &r->cur_thread.n, &p, buf[15]);
  copy_stack(r->prev_thread.stack, &r->prev_thread.n, &p, buf[18]);
  free(buf);
  return 1;
}

int drain(rk_detector *d) {
  report r;
  int n = 0;
  while (next_report(d, &r)) {
    n++;
  }
  return n;
}

void drain_raw(rk_detector *d) {
  uint64_t buf[4096];
  while (rk_next_report(d, buf, 4096) > 0) {
  }
}

int stack_matches(const char *file, int line, const char *what, const uint64_t *stack, int64_t n, const uint64_t *want,
                  int64_t want_n) {
  char name[160];
  if (n != want_n) {
    snprintf(name, sizeof name, "%s.n", what);
    rk_test_fail_eq(file, line, name, "the expected depth", n, want_n);
    return 0;
  }
  for (int64_t i = 0; i < n; i++) {
    if (stack[i] != want[i]) {
      snprintf(name, sizeof name, "%s.stack[%lld]", what, (long long)i);
      rk_test_fail_eq(file, line, name, "the expected pc", (int64_t)stack[i], (int64_t)want[i]);
      return 0;
    }
  }
  return 1;
}
