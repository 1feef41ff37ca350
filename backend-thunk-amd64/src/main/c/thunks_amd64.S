/*
 * Entry thunks for the hot calls, the JVM counterpart of Go's race_amd64.s.
 *
 * Java calls them through FFM critical downcalls (no thread-state transition, no JNIEnv). There is no stack to
 * switch: a critical downcall already runs on the thread's native stack.
 *
 * Sized accesses make no check here: the Java side has already validated the size, dropped an ignored or unmapped
 * access, classified the address into a mapped range (its index, in mapping order) and skipped an access that is
 * already recorded. The thunk only adds the access type and jumps into rk_access_mapped, the core's entry that takes
 * the classified range instead of looking it up (it still checks the thread's state and bounds its store). A
 * bounding-box filter here could never fire: every address Java passes lies in a mapped range.
 *
 * Range accesses keep the filter: Java classifies no range, so an unmapped one is stopped here, read through the
 * thread head (racekit.h: filter at offset 0, unmapped counter at 8, ignore depth at 16). Outside the box the access
 * is counted as unmapped (unless the thread is ignoring, as the core would) and returns at once.
 *
 * System V AMD64: rdi = rk_thread*, rsi = addr, rdx = size or len, rcx = pc, r8 = range index (sized accesses).
 * The library is linked with -Bsymbolic, so the jumps bind to this library's core, not through the PLT.
 */

#define FILTER 0
#define UNMAPPED 8
#define IGNORE 16

        .text

/* Count a filtered range access and return RK_OK. */
        .p2align 4
rk_thunk_filtered:
        cmpq    $0, IGNORE(%rdi)
        jne     1f
        incq    UNMAPPED(%rdi)
1:      xorl    %eax, %eax
        ret

/*
 * A sized access thunk: rk_thunk_<name>(t, addr, size, pc, range) becomes
 * rk_access_mapped(t, addr, size, pc, range, kind); kind is RK_READ..RK_ATOMIC_WRITE.
 */
#define SIZED_THUNK(name, kind)            \
        .globl  name;                      \
        .type   name, @function;           \
        .p2align 4;                        \
name:                                      \
        movl    $kind, %r9d;               \
        jmp     rk_access_mapped;          \
        .size   name, .-name

SIZED_THUNK(rk_thunk_read, 0)
SIZED_THUNK(rk_thunk_write, 1)
SIZED_THUNK(rk_thunk_atomic_read, 2)
SIZED_THUNK(rk_thunk_atomic_write, 3)

/*
 * Range accesses: rk_thunk_read_range/write_range(t, addr, len, pc) become rk_access_range(t, addr, len, type, pc).
 * Filtered when len > 0 and [addr, addr + len - 1] misses [lo, last]; an empty range goes to the core (a no-op there).
 */
#define RANGE_THUNK(name, kind)            \
        .globl  name;                      \
        .type   name, @function;           \
        .p2align 4;                        \
name:                                      \
        testq   %rdx, %rdx;                \
        jz      9f;                        \
        movq    FILTER(%rdi), %rax;        \
        cmpq    8(%rax), %rsi;             \
        ja      rk_thunk_filtered;         \
        leaq    -1(%rsi,%rdx), %r9;        \
        cmpq    (%rax), %r9;               \
        jb      rk_thunk_filtered;         \
9:      movq    %rcx, %r8;                 \
        movl    $kind, %ecx;               \
        jmp     rk_access_range;           \
        .size   name, .-name

RANGE_THUNK(rk_thunk_read_range, 0)
RANGE_THUNK(rk_thunk_write_range, 1)

/* Function entry and exit have no address to filter: straight into the core. */
        .globl  rk_thunk_func_enter
        .type   rk_thunk_func_enter, @function
        .p2align 4
rk_thunk_func_enter:
        jmp     rk_func_enter
        .size   rk_thunk_func_enter, .-rk_thunk_func_enter

        .globl  rk_thunk_func_exit
        .type   rk_thunk_func_exit, @function
        .p2align 4
rk_thunk_func_exit:
        jmp     rk_func_exit
        .size   rk_thunk_func_exit, .-rk_thunk_func_exit

        .section .note.GNU-stack,"",@progbits
