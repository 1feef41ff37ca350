/* The flattened report layout of rk_next_report, and the queue. */
#include <string.h>

#include "util.h"

void test_report_layout(void) {
  rk_detector *d = open_mapped(1);
  rk_thread *m = rk_main_thread(d);
  CHECK_EQ(rk_func_enter(m, 0xE1), RK_OK);
  rk_thread *c = start(d, m, 0xC1); /* creation stack [0xC1, 0xE1] */
  CHECK_EQ(rk_func_enter(c, 0xF1), RK_OK);
  CHECK_EQ(rk_func_enter(c, 0xF2), RK_OK);
  CHECK_EQ(rk_write(c, BASE + 0x21, 2, 0xA1), RK_OK); /* stack [0xA1, 0xF2, 0xF1] */
  CHECK_EQ(rk_access(m, BASE + 0x20, 4, RK_ATOMIC_READ, 0xB1), RK_REPORTED); /* stack [0xB1, 0xE1] */
  CHECK_EQ(rk_next_report(d, NULL, 0), RK_REPORT_HEADER + 2 + 3 + 0 + 2);
  uint64_t buf[64];
  memset(buf, 0xEE, sizeof buf);
  CHECK_EQ(rk_next_report(d, buf, RK_REPORT_HEADER + 6), RK_REPORT_HEADER + 7); /* too small: not taken */
  CHECK_EQ(buf[0], 0xEEEEEEEEEEEEEEEEull);
  CHECK_EQ(rk_next_report(d, buf, 64), RK_REPORT_HEADER + 7);
  const uint64_t want[] = {
      RK_DATA_RACE,
      0, BASE + 0x20, 4, RK_ATOMIC_READ, 1, 2,  /* current: main */
      1, BASE + 0x21, 2, RK_WRITE, 1, 3,        /* previous: the child */
      0, 1, 0,                                  /* current thread: main, running, no creation stack */
      1, 1, 2,                                  /* previous thread: the child, running */
      0xB1, 0xE1,                               /* current stack */
      0xA1, 0xF2, 0xF1,                         /* previous stack */
      0xC1, 0xE1,                               /* the child's creation stack */
  };
  CHECK_EQ(sizeof want / sizeof want[0], RK_REPORT_HEADER + 7);
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    if (buf[i] != want[i]) {
      fprintf(stderr, "  report word %zu\n", i);
    }
    CHECK_EQ(buf[i], want[i]);
  }
  CHECK_EQ(buf[RK_REPORT_HEADER + 7], 0xEEEEEEEEEEEEEEEEull);
  CHECK_EQ(rk_next_report(d, buf, 64), 0);
  CHECK_EQ(rk_next_report(d, NULL, 0), 0);
  rk_close(d);
}

void test_report_queue_is_fifo(void) {
  rk_thread *m, *c;
  rk_detector *d = open_with_child(1, &m, &c);
  for (uint64_t i = 0; i < 10; i++) {
    CHECK_EQ(rk_write(m, BASE + i * 8, 8, 0x100 + i), RK_OK);
  }
  for (uint64_t i = 0; i < 10; i++) {
    CHECK_EQ(rk_write(c, BASE + i * 8, 8, 0x200 + i), RK_REPORTED);
  }
  report r;
  for (uint64_t i = 0; i < 10; i++) {
    CHECK(next_report(d, &r));
    CHECK_EQ(r.cur.stack[0], 0x200 + i);
    CHECK_EQ(r.prev.stack[0], 0x100 + i);
  }
  CHECK(!next_report(d, &r));
  /* reports left in the queue are freed at close */
  CHECK_EQ(rk_write(c, BASE + 0x100, 8, 0x1), RK_OK);
  CHECK_EQ(rk_write(m, BASE + 0x100, 8, 0x2), RK_REPORTED);
  rk_close(d);
}
