// EXPECT: no race
package racecorpus.libs;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import java.util.concurrent.CountDownLatch;

/**
 * Two producers publish plain events into an LMAX Disruptor ring that one handler thread consumes. The Disruptor's
 * sequences publish with plain fields and stand-alone VarHandle fences ({@code releaseFence(); value = v} and
 * {@code v = value; acquireFence()}), which order the events' plain fields.
 */
public final class DisruptorPipeline {
  static final class Event {
    long value;
    String text;
  }

  public static void main(String[] args) throws Exception {
    int n = 4_000;
    CountDownLatch done = new CountDownLatch(1);
    long[] sum = new long[1];
    Disruptor<Event> disruptor = new Disruptor<>(Event::new, 256, DaemonThreadFactory.INSTANCE, ProducerType.MULTI,
        new BlockingWaitStrategy());
    disruptor.handleEventsWith((event, sequence, endOfBatch) -> {
      sum[0] += event.value + event.text.length();
      if (sequence == n - 1) {
        done.countDown();
      }
    });
    RingBuffer<Event> ring = disruptor.start();
    Thread second = new Thread(() -> {
      for (int i = 0; i < n / 2; i++) {
        ring.publishEvent((event, sequence, v) -> {
          event.value = v;
          event.text = "a" + v;
        }, (long) i);
      }
    }, "producer-2");
    second.start();
    for (int i = n / 2; i < n; i++) {
      ring.publishEvent((event, sequence, v) -> {
        event.value = v;
        event.text = "b" + v;
      }, (long) i);
    }
    second.join();
    done.await();
    disruptor.shutdown();
    System.out.println("sum=" + sum[0]);
  }
}
