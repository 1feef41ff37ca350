package raceworkloads;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The memory check: two threads allocate {@code args[0]} short-lived objects in total (default 10^8), write their
 * fields, publish each through a small ring (release) where the other thread reads it (acquire) and checks its fields.
 * At most 2 x 1,024 of them are live at any time, so with shadow memory that follows live objects the agent's
 * resident size must not grow with the number allocated. Prints the checksum of what each thread wrote and the
 * process's peak RSS (VmHWM) at exit.
 */
public final class ShortLivedObjects {
  static final int RING = 1_024;

  static final class Cell {
    long a;
    long b;
  }

  static final class Side implements Runnable {
    final AtomicReferenceArray<Cell> mine;
    final AtomicReferenceArray<Cell> theirs;
    final long count;
    long written;
    long checked;

    Side(AtomicReferenceArray<Cell> mine, AtomicReferenceArray<Cell> theirs, long count) {
      this.mine = mine;
      this.theirs = theirs;
      this.count = count;
    }

    @Override
    public void run() {
      for (long i = 0; i < count; i++) {
        Cell c = new Cell();
        c.a = i;
        c.b = i * 3;
        written += c.b;
        int slot = (int) (i & (RING - 1));
        mine.set(slot, c);
        Cell other = theirs.get(slot);
        if (other != null) {
          if (other.b != other.a * 3) {
            throw new IllegalStateException("torn cell " + other.a + "/" + other.b);
          }
          checked++;
        }
      }
    }
  }

  public static void main(String[] args) throws Exception {
    long total = args.length == 0 ? 100_000_000L : (long) Double.parseDouble(args[0]);
    AtomicReferenceArray<Cell> left = new AtomicReferenceArray<>(RING);
    AtomicReferenceArray<Cell> right = new AtomicReferenceArray<>(RING);
    Side a = new Side(left, right, total / 2);
    Side b = new Side(right, left, total - total / 2);
    Thread ta = new Thread(a, "alloc-a");
    Thread tb = new Thread(b, "alloc-b");
    ta.start();
    tb.start();
    ta.join();
    tb.join();
    Workload.result(ShortLivedObjects.class, a.written + b.written);
    System.out.println("ShortLivedObjects objects=" + total + " peakRssKiB=" + peakRssKiB());
  }

  /** VmHWM from /proc/self/status (Linux), or -1. */
  static long peakRssKiB() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
