package raceworkloads;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Producer/consumer pipeline over blocking queues: a producer fills batches, two transformers compute on them, a
 * consumer folds the results. Batches are mutable objects handed from stage to stage.
 */
public final class Pipeline {
  static final class Batch {
    final long[] values = new long[64];
    long digest;
    final boolean last;

    Batch(boolean last) {
      this.last = last;
    }
  }

  static long mix(long v) {
    for (int r = 0; r < 8; r++) {
      v = v * 6364136223846793005L + 1442695040888963407L;
      v ^= v >>> 29;
    }
    return v;
  }

  public static void main(String[] args) throws InterruptedException {
    int batches = Workload.scaled(240_000, Workload.scale(args));
    BlockingQueue<Batch> raw = new ArrayBlockingQueue<>(256);
    BlockingQueue<Batch> cooked = new LinkedBlockingQueue<>();
    Thread producer = new Thread(() -> {
      try {
        Workload.Random64 rnd = new Workload.Random64(7);
        for (int b = 0; b < batches; b++) {
          Batch batch = new Batch(false);
          for (int i = 0; i < batch.values.length; i++) {
            batch.values[i] = rnd.next();
          }
          raw.put(batch);
        }
        raw.put(new Batch(true));
        raw.put(new Batch(true));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "producer");
    Runnable transform = () -> {
      try {
        for (Batch batch = raw.take(); !batch.last; batch = raw.take()) {
          long d = 0;
          for (int i = 0; i < batch.values.length; i++) {
            batch.values[i] = mix(batch.values[i]);
            d += batch.values[i];
          }
          batch.digest = d;
          cooked.put(batch);
        }
        cooked.put(new Batch(true));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    Thread t1 = new Thread(transform, "transformer-1");
    Thread t2 = new Thread(transform, "transformer-2");
    producer.start();
    t1.start();
    t2.start();
    long checksum = 0;
    int seen = 0;
    for (int ends = 0; ends < 2; ) {
      Batch batch = cooked.take();
      if (batch.last) {
        ends++;
        continue;
      }
      checksum += batch.digest ^ batch.values[batch.values.length - 1];
      seen++;
    }
    producer.join();
    t1.join();
    t2.join();
    if (seen != batches) {
      throw new IllegalStateException("consumed " + seen + " of " + batches + " batches");
    }
    Workload.result(Pipeline.class, checksum);
  }
}
