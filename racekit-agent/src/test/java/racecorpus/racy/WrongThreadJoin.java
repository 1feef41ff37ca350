// EXPECT-RACE: WrongThreadJoin.java:14 WrongThreadJoin.java:21 | field racecorpus.racy.WrongThreadJoin.result
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** main joins the wrong thread, then writes what the other thread wrote. */
public final class WrongThreadJoin {
  private int result;

  public static void main(String[] args) throws InterruptedException {
    WrongThreadJoin shared = new WrongThreadJoin();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread producer = new Thread(() -> {
      shared.result = 1; // race @1
      meet.arriveAndAwait(1);
    }, "producer");
    Thread bystander = new Thread(() -> { }, "bystander");
    producer.start();
    bystander.start();
    bystander.join();
    shared.result = 2; // race @2
    meet.arriveAndAwait(0);
    producer.join();
    System.out.println("result=" + shared.result);
  }
}
