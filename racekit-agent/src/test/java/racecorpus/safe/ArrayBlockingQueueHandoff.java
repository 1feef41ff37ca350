// EXPECT: no race
package racecorpus.safe;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** Mutable messages handed from producer to consumer through an ArrayBlockingQueue, then mutated by the consumer. */
public final class ArrayBlockingQueueHandoff {
  static final class Message {
    int payload;
  }

  public static void main(String[] args) throws InterruptedException {
    BlockingQueue<Message> queue = new ArrayBlockingQueue<>(2);
    Thread producer = new Thread(() -> {
      try {
        for (int i = 0; i < 100; i++) {
          Message m = new Message();
          m.payload = i;
          queue.put(m);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "producer");
    producer.start();
    long sum = 0;
    for (int i = 0; i < 100; i++) {
      Message m = queue.take();
      m.payload *= 2;
      sum += m.payload;
    }
    producer.join();
    System.out.println("sum=" + sum);
  }
}
