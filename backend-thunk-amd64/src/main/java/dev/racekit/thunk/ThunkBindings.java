package dev.racekit.thunk;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.util.Map;

/**
 * Every native function this backend calls, with its FFM descriptor, written by hand against racekit.h and
 * racekit_thunks.h (jextract is not used). Pointers are passed as {@code JAVA_LONG} (the same register on amd64), so
 * no call allocates a segment. A test parses both headers and fails when they and this table disagree.
 */
final class ThunkBindings {
  private ThunkBindings() {}

  /** (thread, addr, len, pc): a range access. */
  private static final FunctionDescriptor ACCESS = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG,
      JAVA_LONG);
  /** (thread, addr, size, pc, range index): a sized access, classified on the Java side. */
  private static final FunctionDescriptor MAPPED_ACCESS = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG,
      JAVA_LONG, JAVA_LONG, JAVA_LONG);
  private static final FunctionDescriptor THREAD_SYNC = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG);
  private static final FunctionDescriptor THREAD_ONLY = FunctionDescriptor.of(JAVA_INT, JAVA_LONG);

  /** Hot calls, bound with {@code Linker.Option.critical(false)}: no thread-state transition, no heap access. */
  static final Map<String, FunctionDescriptor> CRITICAL = Map.ofEntries(
      Map.entry("rk_thunk_read", MAPPED_ACCESS),
      Map.entry("rk_thunk_write", MAPPED_ACCESS),
      Map.entry("rk_thunk_atomic_read", MAPPED_ACCESS),
      Map.entry("rk_thunk_atomic_write", MAPPED_ACCESS),
      Map.entry("rk_thunk_read_range", ACCESS),
      Map.entry("rk_thunk_write_range", ACCESS),
      Map.entry("rk_thunk_func_enter", THREAD_SYNC),
      Map.entry("rk_thunk_func_exit", THREAD_ONLY),
      Map.entry("rk_acquire", THREAD_SYNC),
      Map.entry("rk_release", THREAD_SYNC),
      Map.entry("rk_release_merge", THREAD_SYNC),
      Map.entry("rk_ignore_begin", THREAD_ONLY),
      Map.entry("rk_ignore_end", THREAD_ONLY));

  /**
   * The one ordinary downcall: {@code rk_thunk_call(id, a, b, c, d)}, which calls the rare function {@code id} names
   * (racekit_thunks.h), so that start-up links one downcall shape for all of them instead of one per signature.
   */
  static final Map<String, FunctionDescriptor> DISPATCH = Map.of("rk_thunk_call",
      FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));

  /** The ids of {@code enum rk_thunk_call_id} (RK_CALL_*): which rare function {@code rk_thunk_call} calls. */
  static final int CALL_ABI_VERSION = 1;
  static final int CALL_LAYOUT = 2;
  static final int CALL_OPEN = 3;
  static final int CALL_CLOSE = 4;
  static final int CALL_SHUTDOWN = 5;
  static final int CALL_THREAD_RELEASE = 6;
  static final int CALL_MAIN_THREAD = 7;
  static final int CALL_MAP_SHADOW = 8;
  static final int CALL_UNMAPPED_COUNT = 9;
  static final int CALL_SHADOW_RESIDENT_BYTES = 10;
  static final int CALL_SHADOW_CELLS = 11;
  static final int CALL_THREAD_START = 12;
  static final int CALL_THREAD_ID = 13;
  static final int CALL_THREAD_CLOCK_LENGTH = 14;
  static final int CALL_THREAD_END = 15;
  static final int CALL_THREAD_JOIN = 16;
  static final int CALL_MALLOC = 17;
  static final int CALL_FREE = 18;
  static final int CALL_NEXT_REPORT = 19;

  /**
   * Rare calls (lifecycle, reports, malloc/free of possibly large ranges): the signature of each, as racekit.h has it,
   * checked against the header; they are reached through {@link #DISPATCH}, each argument and result widened to a
   * long.
   */
  static final Map<String, FunctionDescriptor> REGULAR = Map.ofEntries(
      Map.entry("rk_abi_version", FunctionDescriptor.of(JAVA_INT)),
      Map.entry("rk_layout", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT)),
      Map.entry("rk_open", FunctionDescriptor.of(JAVA_LONG, JAVA_INT)),
      Map.entry("rk_close", FunctionDescriptor.ofVoid(JAVA_LONG)),
      Map.entry("rk_shutdown", FunctionDescriptor.ofVoid(JAVA_LONG)),
      Map.entry("rk_thread_release", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG)),
      Map.entry("rk_main_thread", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG)),
      Map.entry("rk_map_shadow", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG)),
      Map.entry("rk_unmapped_count", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG)),
      Map.entry("rk_shadow_resident_bytes", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG)),
      Map.entry("rk_shadow_cells", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG)),
      Map.entry("rk_thread_start", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG)),
      Map.entry("rk_thread_id", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG)),
      Map.entry("rk_thread_clock_length", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG)),
      Map.entry("rk_thread_end", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG)),
      Map.entry("rk_thread_join", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG)),
      Map.entry("rk_malloc", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG)),
      Map.entry("rk_free", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG)),
      Map.entry("rk_next_report", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG)));

  /** RK_ABI_VERSION this binding was written against. */
  static final int ABI_VERSION = 2;
  /** Offsets of the rk_thread head the thunks read (RK_THREAD_*_OFFSET). */
  static final long FILTER_OFFSET = 0;
  static final long UNMAPPED_OFFSET = 8;
  static final long IGNORE_OFFSET = 16;
  static final long STAMP_OFFSET = 24;
  /** Shadow cell facts (RK_SHADOW_*): cells per 8-byte word and the read and atomic bits of a cell. */
  static final int CELLS_PER_WORD = 2;
  static final long CELL_READ = 1L << 8;
  static final long CELL_ATOMIC = 1L << 9;
}
