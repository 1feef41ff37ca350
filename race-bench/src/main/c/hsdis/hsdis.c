/*
 * A disassembler plugin for HotSpot (its "hsdis" protocol), on the Capstone library, so that JMH's perfasm profiler
 * (-prof perfasm) and -XX:+PrintAssembly can show the JIT's machine code: the JDK does not ship one. x86-64 only,
 * AT&T syntax. Not part of the build or the tests; build-hsdis.sh builds it for a developer who profiles.
 */
#include <stdint.h>
#include <stdio.h>

#include <capstone/capstone.h>

/* The callbacks HotSpot passes: an event sink for markup around each instruction, and a printf for its text. */
typedef void *(*hsdis_event_fn)(void *stream, const char *event, void *arg);
typedef int (*hsdis_printf_fn)(void *stream, const char *format, ...);

static void *ignore_event(void *stream, const char *event, void *arg) {
  (void)stream;
  (void)event;
  (void)arg;
  return NULL;
}

/* The entry point HotSpot looks up: disassembles [buffer, buffer + length), whose code runs at the same addresses. */
void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char *buffer, uintptr_t length,
                                  hsdis_event_fn event, void *event_stream, hsdis_printf_fn print,
                                  void *print_stream, const char *options, int newline) {
  (void)start_va;
  (void)end_va;
  (void)options;
  if (print == NULL) {
    print = (hsdis_printf_fn)fprintf;
    if (print_stream == NULL) {
      print_stream = stdout;
    }
  }
  if (event == NULL) {
    event = ignore_event;
  }
  csh handle;
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) {
    return NULL;
  }
  cs_option(handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
  cs_option(handle, CS_OPT_SKIPDATA, CS_OPT_ON); /* data inside the code (constants) does not stop the listing */
  cs_insn *insn;
  size_t n = cs_disasm(handle, buffer, length, (uintptr_t)buffer, 0, &insn);
  for (size_t i = 0; i < n; i++) {
    event(event_stream, "insn", (void *)(uintptr_t)insn[i].address);
    print(print_stream, "%s\t\t%s", insn[i].mnemonic, insn[i].op_str);
    event(event_stream, "/insn", (void *)(uintptr_t)(insn[i].address + insn[i].size));
    if (newline) {
      print(print_stream, "\n");
    }
  }
  if (n > 0) {
    cs_free(insn, n);
  }
  cs_close(&handle);
  return NULL;
}
