// EXPECT: no race
package racecorpus.libs;

import java.util.ArrayList;
import java.util.List;
import org.jctools.queues.MpscArrayQueue;

/** A JCTools MPSC array queue: 3 producers offer mutable messages, one consumer polls and mutates them. */
public final class JctoolsMpscQueue {
  static final class Message {
    int producer;
    int seq;
    boolean consumed;
  }

  static final int PER_PRODUCER = 2_000;

  public static void main(String[] args) throws InterruptedException {
    MpscArrayQueue<Message> queue = new MpscArrayQueue<>(256);
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      int id = p;
      Thread t = new Thread(() -> {
        for (int i = 0; i < PER_PRODUCER; i++) {
          Message m = new Message();
          m.producer = id;
          m.seq = i;
          while (!queue.offer(m)) {
            Thread.onSpinWait();
          }
        }
      }, "producer-" + p);
      producers.add(t);
      t.start();
    }
    int[] next = new int[3];
    int received = 0;
    while (received < 3 * PER_PRODUCER) {
      Message m = queue.poll();
      if (m == null) {
        Thread.onSpinWait();
        continue;
      }
      if (m.seq != next[m.producer]++) {
        throw new IllegalStateException("out of order from producer " + m.producer);
      }
      m.consumed = true;
      received++;
    }
    for (Thread t : producers) {
      t.join();
    }
    System.out.println("received=" + received);
  }
}
