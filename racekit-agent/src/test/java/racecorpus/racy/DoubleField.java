// EXPECT-RACE: DoubleField.java:11 DoubleField.java:11 | field racecorpus.racy.DoubleField.balance
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;

/** A double field updated by read-modify-write in two threads. */
public final class DoubleField {
  private double balance;

  void deposit(double amount) {
    balance += amount; // race @1
  }

  public static void main(String[] args) throws InterruptedException {
    DoubleField account = new DoubleField();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      account.deposit(1.5);
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    account.deposit(2.5);
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("balance=" + account.balance);
  }
}
