/* Runs every test in tests.h and prints "N passed, M failed". */
#include <string.h>

#include "harness.h"
#include "tests.h"

#define DECLARE(name) void test_##name(void);
RK_TESTS(DECLARE)

static int failed_now;

void rk_test_fail(const char *file, int line, const char *what) {
  fprintf(stderr, "  %s:%d: CHECK failed: %s\n", file, line, what);
  failed_now = 1;
}

void rk_test_fail_eq(const char *file, int line, const char *a, const char *b, int64_t va, int64_t vb) {
  fprintf(stderr, "  %s:%d: CHECK_EQ failed: %s == %s (0x%llx != 0x%llx)\n", file, line, a, b, (unsigned long long)va,
          (unsigned long long)vb);
  failed_now = 1;
}

int main(int argc, char **argv) {
  static const struct {
    const char *name;
    void (*run)(void);
  } tests[] = {
#define ENTRY(name) {#name, test_##name},
      RK_TESTS(ENTRY)
  };
  int passed = 0;
  int failed = 0;
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
    if (argc > 1 && strstr(tests[i].name, argv[1]) == NULL) {
      continue; /* run a subset: ./rk_tests <name part> */
    }
    failed_now = 0;
    tests[i].run();
    if (failed_now) {
      fprintf(stderr, "FAIL %s\n", tests[i].name);
      failed++;
    } else {
      passed++;
    }
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
