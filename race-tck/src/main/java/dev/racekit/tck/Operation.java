package dev.racekit.tck;

import dev.racekit.RaceDetector;
import dev.racekit.RaceThread;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The one table of the events a tool can feed a detector. Every other list of events follows it, and a test checks
 * each against it: {@link RaceThread}'s and {@link RaceDetector}'s event methods, the binary trace format's opcodes
 * ({@code TraceFormat}), the differential suite's {@link dev.racekit.tck.diff.Event.Op}, the JNI backend's native
 * methods, the thunk backend's downcalls, and the C core's {@code rk_*} entry points in {@code racekit.h}.
 *
 * <p>Adding an event: add a constant here, then let the failing checks name every place that does not have it yet.
 */
public enum Operation {
  MAP_SHADOW(Target.DETECTOR, "mapShadow", Shape.BASE_SIZE, 0x01, "rk_map_shadow", "mapShadow", "rk_map_shadow"),
  START_THREAD(Target.DETECTOR, "startThread", Shape.PARENT_PC, 0x02, "rk_thread_start", "threadStart",
      "rk_thread_start"),
  END_THREAD(Target.THREAD, "end", Shape.NONE, 0x03, "rk_thread_end", "threadEnd", "rk_thread_end"),
  JOIN(Target.THREAD, "join", Shape.CHILD, 0x04, "rk_thread_join", "threadJoin", "rk_thread_join"),
  FUNC_ENTER(Target.THREAD, "funcEnter", Shape.PC, 0x05, "rk_func_enter", "funcEnter", "rk_thunk_func_enter"),
  FUNC_EXIT(Target.THREAD, "funcExit", Shape.NONE, 0x06, "rk_func_exit", "funcExit", "rk_thunk_func_exit"),
  ACQUIRE(Target.THREAD, "acquire", Shape.SYNC, 0x07, "rk_acquire", "acquire", "rk_acquire"),
  RELEASE(Target.THREAD, "release", Shape.SYNC, 0x08, "rk_release", "release", "rk_release"),
  RELEASE_MERGE(Target.THREAD, "releaseMerge", Shape.SYNC, 0x09, "rk_release_merge", "releaseMerge",
      "rk_release_merge"),
  IGNORE_BEGIN(Target.THREAD, "ignoreBegin", Shape.NONE, 0x0a, "rk_ignore_begin", "ignoreBegin", "rk_ignore_begin"),
  IGNORE_END(Target.THREAD, "ignoreEnd", Shape.NONE, 0x0b, "rk_ignore_end", "ignoreEnd", "rk_ignore_end"),
  MALLOC(Target.THREAD, "malloc", Shape.RANGE, 0x0c, "rk_malloc", "malloc", "rk_malloc"),
  FREE(Target.THREAD, "free", Shape.RANGE_PC, 0x0d, "rk_free", "free", "rk_free"),
  READ_RANGE(Target.THREAD, "readRange", Shape.RANGE_PC, 0x0e, "rk_access_range", "readRange",
      "rk_thunk_read_range"),
  WRITE_RANGE(Target.THREAD, "writeRange", Shape.RANGE_PC, 0x0f, "rk_access_range", "writeRange",
      "rk_thunk_write_range"),
  /** A one-byte read; recorded and called in C as a sized read of size 1. */
  READ1(Target.THREAD, "read", Shape.ADDR_PC, 0x10, "rk_read", "read", "rk_thunk_read"),
  /** A one-byte write; recorded and called in C as a sized write of size 1. */
  WRITE1(Target.THREAD, "write", Shape.ADDR_PC, 0x14, "rk_write", "write", "rk_thunk_write"),
  /** Sized accesses: the trace opcode is the base, plus log2(size). */
  READ(Target.THREAD, "read", Shape.ADDR_SIZE_PC, 0x10, "rk_read", "read", "rk_thunk_read"),
  WRITE(Target.THREAD, "write", Shape.ADDR_SIZE_PC, 0x14, "rk_write", "write", "rk_thunk_write"),
  ATOMIC_READ(Target.THREAD, "atomicRead", Shape.ADDR_SIZE_PC, 0x18, "rk_access", "atomicRead",
      "rk_thunk_atomic_read"),
  ATOMIC_WRITE(Target.THREAD, "atomicWrite", Shape.ADDR_SIZE_PC, 0x1c, "rk_access", "atomicWrite",
      "rk_thunk_atomic_write");

  /** Which API object takes the call. */
  public enum Target {
    DETECTOR(RaceDetector.class), THREAD(RaceThread.class);

    private final Class<?> type;

    Target(Class<?> type) {
      this.type = type;
    }

    /** {@code RaceDetector.class} or {@code RaceThread.class}. */
    public Class<?> type() {
      return type;
    }
  }

  /** The arguments of the call, in order. */
  public enum Shape {
    NONE(),
    PC(long.class),
    SYNC(long.class),
    ADDR_PC(long.class, long.class),
    ADDR_SIZE_PC(long.class, int.class, long.class),
    RANGE(long.class, long.class),
    RANGE_PC(long.class, long.class, long.class),
    BASE_SIZE(long.class, long.class),
    CHILD(RaceThread.class),
    PARENT_PC(RaceThread.class, long.class);

    private final List<Class<?>> parameters;

    Shape(Class<?>... parameters) {
      this.parameters = List.of(parameters);
    }

    /** The Java parameter types of the API method. */
    public List<Class<?>> parameters() {
      return parameters;
    }
  }

  /**
   * The {@link RaceThread} methods that are queries, not events: they change nothing, are not recorded, and have no
   * opcode or C entry point of their own.
   */
  public static final List<String> THREAD_QUERIES = List.of("id", "isEnded");

  private final Target target;
  private final String methodName;
  private final Shape shape;
  private final int traceOpcode;
  private final String cEntry;
  private final String jniMethod;
  private final String thunkSymbol;
  /** {@link #method()}, found on first use (not in the constructor, so that a missing method is a clear failure). */
  private volatile Method method;

  Operation(Target target, String method, Shape shape, int traceOpcode, String cEntry, String jniMethod,
      String thunkSymbol) {
    this.target = target;
    this.methodName = method;
    this.shape = shape;
    this.traceOpcode = traceOpcode;
    this.cEntry = cEntry;
    this.jniMethod = jniMethod;
    this.thunkSymbol = thunkSymbol;
  }

  /** The API object that takes the call. */
  public Target target() {
    return target;
  }

  /** The name of the API method ({@code read}, {@code startThread}, ...). */
  public String methodName() {
    return methodName;
  }

  /** The arguments of the API method. */
  public Shape shape() {
    return shape;
  }

  /** The API method itself, found on {@link Target#type()}; an {@link IllegalStateException} if it is missing. */
  public Method method() {
    Method m = method;
    if (m == null) {
      try {
        m = target.type().getMethod(methodName, shape.parameters().toArray(Class<?>[]::new));
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(target.type().getSimpleName() + " has no method " + signature(), e);
      }
      method = m;
    }
    return m;
  }

  /**
   * Makes this call on {@code receiver} (a {@link RaceThread} or {@link RaceDetector}, as {@link #target()} says) with
   * {@code args} in the API method's order, and returns its result (null for void). What the call throws is thrown
   * as it is.
   */
  public Object invoke(Object receiver, Object... args) {
    try {
      return method().invoke(receiver, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The method with its parameter types, for messages: {@code read(long, int, long)}. */
  public String signature() {
    StringBuilder sb = new StringBuilder(methodName).append('(');
    for (int i = 0; i < shape.parameters().size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(shape.parameters().get(i).getSimpleName());
    }
    return sb.append(')').toString();
  }

  /** The binary trace format's opcode (for sized accesses the base, to which log2(size) is added). */
  public int traceOpcode() {
    return traceOpcode;
  }

  /** The C core's entry point in {@code racekit.h} that performs the event. */
  public String cEntry() {
    return cEntry;
  }

  /** The JNI backend's native method that performs it. */
  public String jniMethod() {
    return jniMethod;
  }

  /** The native symbol the thunk backend binds for it: an amd64 thunk for the hot calls, else the core entry point. */
  public String thunkSymbol() {
    return thunkSymbol;
  }

  /** The operation whose API method is {@code m}, or null when {@code m} is not an event. */
  public static Operation of(Method m) {
    for (Operation op : values()) {
      if (op.target.type() == m.getDeclaringClass() && op.methodName.equals(m.getName())
          && op.shape.parameters().equals(List.of(m.getParameterTypes()))) {
        return op;
      }
    }
    return null;
  }
}
