package dev.racekit.agent.instrument;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Exercises every rewrite the instrumenter makes; run after instrumentation, it must verify and compute the same. */
public class Sample {
  static long total;
  static volatile int ticks;
  private static final VarHandle COUNT;

  static {
    try {
      COUNT = MethodHandles.lookup().findVarHandle(Sample.class, "count", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  int count;
  long wide;
  double real;
  final int fixed;

  public Sample(int fixed) {
    this.fixed = fixed;
  }

  public synchronized void add(long v) {
    wide += v;
    real += v / 2.0;
  }

  public static synchronized void tick() {
    ticks++;
  }

  /** Returns a checksum of everything it did. */
  public long run() throws Exception {
    long[] longs = new long[8];
    double[] doubles = new double[8];
    int[] ints = {1, 2, 3, 4};
    byte[] bytes = new byte[4];
    char[] chars = new char[4];
    short[] shorts = new short[4];
    float[] floats = new float[4];
    boolean[] flags = new boolean[2];
    Object[] objects = new Object[3];
    for (int i = 0; i < longs.length; i++) {
      longs[i] = i * 3L;
      doubles[i] = longs[i] + 0.5;
      add(i);
    }
    bytes[1] = 7;
    chars[2] = 'x';
    shorts[3] = 9;
    floats[0] = 1.5f;
    flags[1] = true;
    objects[0] = "s";
    System.arraycopy(ints, 0, ints, 1, 3);
    java.util.Arrays.fill(longs, 2, 4, 5L);
    COUNT.compareAndSet(this, 0, 10);
    COUNT.getAndAdd(this, 5);
    int viaHandle = (int) COUNT.getVolatile(this);
    Object lock = new Object();
    synchronized (lock) {
      lock.wait(1);
      lock.notifyAll();
    }
    Thread t = new Thread(Sample::tick);
    t.start();
    t.join();
    boolean alive = t.isAlive();
    t.join(10);
    long caught = 0;
    Thread.currentThread().interrupt();
    try {
      Thread.sleep(10_000); // ends at once: through Rt.sleep, which observes the interrupt and rethrows
    } catch (InterruptedException e) {
      caught += 1000;
    }
    try {
      Object o = objects[2];
      caught = o.hashCode();
    } catch (NullPointerException e) {
      caught = 100;
    } finally {
      total += caught;
    }
    long sum = 0;
    for (long l : longs) {
      sum += l;
    }
    for (double d : doubles) {
      sum += (long) d;
    }
    return sum + ints[1] + bytes[1] + chars[2] + shorts[3] + (long) floats[0] + (flags[1] ? 1 : 0)
        + objects[0].hashCode() + viaHandle + (alive ? 1000 : 0) + ticks + wide + (long) real + fixed + total;
  }
}
