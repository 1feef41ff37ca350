// EXPECT: no race
package racecorpus.safe;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Work items handed back and forth: requests through one LinkedBlockingQueue, the same objects back through another. */
public final class LinkedBlockingQueueHandoff {
  static final class Job {
    int input;
    int output;
  }

  public static void main(String[] args) throws InterruptedException {
    BlockingQueue<Job> requests = new LinkedBlockingQueue<>();
    BlockingQueue<Job> replies = new LinkedBlockingQueue<>();
    Thread server = new Thread(() -> {
      try {
        for (int i = 0; i < 50; i++) {
          Job j = requests.take();
          j.output = j.input * j.input;
          replies.put(j);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "server");
    server.start();
    long sum = 0;
    for (int i = 0; i < 50; i++) {
      Job j = new Job();
      j.input = i;
      requests.put(j);
      sum += replies.take().output;
    }
    server.join();
    System.out.println("sum=" + sum);
  }
}
