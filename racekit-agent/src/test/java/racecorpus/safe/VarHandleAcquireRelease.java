// EXPECT: no race
package racecorpus.safe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Plain data published with VarHandle setRelease and observed with getAcquire. */
public final class VarHandleAcquireRelease {
  private static final VarHandle READY;

  static {
    try {
      READY = MethodHandles.lookup().findVarHandle(VarHandleAcquireRelease.class, "ready", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private int data;
  private int ready;

  public static void main(String[] args) throws InterruptedException {
    VarHandleAcquireRelease box = new VarHandleAcquireRelease();
    Thread writer = new Thread(() -> {
      box.data = 42;
      READY.setRelease(box, 1);
    }, "writer");
    writer.start();
    while ((int) READY.getAcquire(box) == 0) {
      Thread.onSpinWait();
    }
    box.data++;
    System.out.println("data=" + box.data);
    writer.join();
  }
}
