package dev.racekit.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.RaceDetector;
import dev.racekit.RaceOptions;
import dev.racekit.RaceThread;
import dev.racekit.core.RaceKit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every misuse gets the same exception, with the same message, from the JNI backend as from the Java backend, and a
 * call after end() or close() never reaches native memory. Each scenario runs on both backends and the outcomes
 * (exception class and message, or "ok", then what the thread can still do) are compared.
 */
class JniErrorParityTest {

  private interface Scenario {
    Object run(RaceDetector d, RaceDetector other);
  }

  private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

  static {
    SCENARIOS.put("access size 3", (d, o) -> call(() -> d.mainThread().read(0x1000, 3, 1)));
    SCENARIOS.put("access size 16", (d, o) -> call(() -> d.mainThread().write(0x1000, 16, 1)));
    SCENARIOS.put("atomic access crossing a word", (d, o) -> call(() -> d.mainThread().atomicRead(0x1006, 4, 1)));
    SCENARIOS.put("negative range", (d, o) -> call(() -> d.mainThread().readRange(0x1000, -1, 1)));
    SCENARIOS.put("range too long", (d, o) -> call(() -> d.mainThread().writeRange(0x1000, (1L << 40) + 1, 1)));
    SCENARIOS.put("wrapping range", (d, o) -> call(() -> d.mainThread().writeRange(-8, 9, 1)));
    SCENARIOS.put("range ending at the top", (d, o) -> call(() -> d.mainThread().writeRange(-8, 8, 1)));
    SCENARIOS.put("bad malloc", (d, o) -> call(() -> d.mainThread().malloc(0x1000, -5)));
    SCENARIOS.put("bad free", (d, o) -> call(() -> d.mainThread().free(-16, 17, 1)));
    SCENARIOS.put("funcExit on an empty stack", (d, o) -> {
      RaceThread m = d.mainThread();
      m.funcEnter(1);
      m.funcExit();
      return List.of(call(m::funcExit), call(() -> m.funcEnter(2)), call(m::funcExit));
    });
    SCENARIOS.put("ignoreEnd without ignoreBegin", (d, o) -> {
      RaceThread m = d.mainThread();
      m.ignoreBegin();
      m.ignoreEnd();
      return List.of(call(m::ignoreEnd), call(m::ignoreBegin), call(m::ignoreEnd));
    });
    SCENARIOS.put("every call after end", (d, o) -> {
      RaceThread t = d.startThread(d.mainThread(), 7);
      t.end();
      return afterDeath(d, t);
    });
    SCENARIOS.put("end twice", (d, o) -> {
      RaceThread t = d.startThread(d.mainThread(), 7);
      t.end();
      return call(t::end);
    });
    SCENARIOS.put("ended thread with a bad size: ended wins", (d, o) -> {
      RaceThread t = d.startThread(d.mainThread(), 7);
      t.end();
      return call(() -> t.read(0x1000, 3, 1));
    });
    SCENARIOS.put("join of a running thread", (d, o) -> {
      RaceThread t = d.startThread(d.mainThread(), 7);
      return List.of(call(() -> d.mainThread().join(t)), call(t::end), call(() -> d.mainThread().join(t)),
          call(() -> d.mainThread().join(t)));
    });
    SCENARIOS.put("join of itself", (d, o) -> call(() -> d.mainThread().join(d.mainThread())));
    SCENARIOS.put("join of a thread of another detector", (d, o) -> {
      RaceThread foreign = o.startThread(o.mainThread(), 1);
      foreign.end();
      return call(() -> d.mainThread().join(foreign));
    });
    SCENARIOS.put("start from an ended parent", (d, o) -> {
      RaceThread t = d.startThread(d.mainThread(), 7);
      t.end();
      return call(() -> d.startThread(t, 8));
    });
    SCENARIOS.put("start from a parent of another detector",
        (d, o) -> call(() -> d.startThread(o.mainThread(), 8)));
    SCENARIOS.put("end the main thread, then use it", (d, o) -> {
      RaceThread m = d.mainThread();
      RaceThread t = d.startThread(m, 1);
      m.end();
      return List.of(call(() -> m.write(0x1000, 8, 1)), call(() -> t.join(m)), call(() -> t.read(0x1000, 8, 2)),
          call(() -> d.startThread(m, 3)), call(() -> d.mainThread().id()));
    });
    SCENARIOS.put("every call after close", (d, o) -> {
      RaceThread m = d.mainThread();
      RaceThread ended = d.startThread(m, 1);
      ended.end();
      RaceThread running = d.startThread(m, 2);
      d.close();
      List<Object> r = new java.util.ArrayList<>(afterDeath(d, m));
      r.add(afterDeath(d, running));
      r.add(call(ended::end));
      r.add(call(() -> ended.write(0x1000, 8, 1)));
      r.add(call(d::mainThread));
      r.add(call(() -> d.mapShadow(0x100000, 4096)));
      r.add(call(() -> d.startThread(running, 1)));
      r.add(call(() -> d.startThread(ended, 1)));
      r.add(ended.isEnded() + " " + running.isEnded() + " " + m.isEnded());
      r.add(call(d::close));
      return r;
    });
    SCENARIOS.put("unmapped count survives end and close", (d, o) -> {
      RaceThread m = d.mainThread();
      RaceThread ended = d.startThread(m, 1);
      RaceThread running = d.startThread(m, 2);
      ended.write(0x900000, 8, 1);
      ended.readRange(0x900000, 64, 1);
      ended.end();
      running.read(0x900008, 4, 1);
      m.write(0x1000 - 8, 8, 1);
      m.writeRange(0x1000 + 4096, 0, 1); // empty: not counted
      long before = d.unmappedAccessCount();
      d.close();
      return before + " " + d.unmappedAccessCount();
    });
    SCENARIOS.put("mapShadow misuse", (d, o) -> List.of(
        call(() -> d.mapShadow(0x100004, 4096)),
        call(() -> d.mapShadow(0x100000, 4095)),
        call(() -> d.mapShadow(0x100000, 0)),
        call(() -> d.mapShadow(0x100000, (64L << 30) + 8)),
        call(() -> d.mapShadow(-4096, 8192)),
        call(() -> d.mapShadow(0x1000 - 8, 16)),
        call(() -> d.mapShadow(0x1000 + 4096 - 8, 16)),
        call(() -> d.mapShadow(-4096, 4096)),
        call(() -> {
          for (int i = 0; i < 70; i++) {
            d.mapShadow(0x10_0000_0000L + i * 0x10000L, 4096);
          }
        })));
    SCENARIOS.put("shadow stack overflow", (d, o) -> {
      RaceThread m = d.mainThread();
      for (int i = 0; i < (1 << 20); i++) {
        m.funcEnter(i);
      }
      return List.of(call(() -> m.funcEnter(1)), call(m::funcExit), call(() -> m.funcEnter(1)),
          call(() -> m.funcEnter(1)));
    });
  }

  private static List<Object> afterDeath(RaceDetector d, RaceThread t) {
    return List.of(
        call(() -> t.read(0x1000, 1)), call(() -> t.write(0x1000, 1)), call(() -> t.read(0x1000, 8, 1)),
        call(() -> t.write(0x1000, 8, 1)), call(() -> t.atomicRead(0x1000, 8, 1)),
        call(() -> t.atomicWrite(0x1000, 8, 1)), call(() -> t.readRange(0x1000, 64, 1)),
        call(() -> t.writeRange(0x1000, 64, 1)), call(() -> t.funcEnter(1)), call(t::funcExit),
        call(() -> t.acquire(1)), call(() -> t.release(1)), call(() -> t.releaseMerge(1)), call(t::ignoreBegin),
        call(t::ignoreEnd), call(() -> t.malloc(0x1000, 8)), call(() -> t.free(0x1000, 8, 1)), call(t::end),
        call(() -> t.join(t)), t.isEnded() + " id " + t.id());
  }

  private static String call(Runnable r) {
    try {
      r.run();
      return "ok";
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private static Object outcome(String backend, Scenario s) {
    RaceOptions opts = RaceOptions.parse("log_path=stdout");
    RaceDetector d = RaceKit.builder().backend(backend).options(opts).open();
    RaceDetector other = RaceKit.builder().backend(backend).options(opts).open();
    try {
      d.mapShadow(0x1000, 4096);
      Object r = s.run(d, other);
      return List.of(r, "unmapped " + call(() -> d.unmappedAccessCount()));
    } finally {
      d.close();
      other.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> sameExceptionsAsTheJavaBackend() {
    return SCENARIOS.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      Object java = outcome("java", e.getValue());
      Object jni = outcome("jni", e.getValue());
      assertEquals(java.toString(), jni.toString());
      assertTrue(!java.toString().isEmpty());
    }));
  }
}
