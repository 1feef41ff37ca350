// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;

/** Twin of racy.DoubleField: an instance synchronized method. */
public final class SyncMethodCounter {
  private double balance;

  synchronized void deposit(double amount) {
    balance += amount;
  }

  synchronized double balance() {
    return balance;
  }

  public static void main(String[] args) throws InterruptedException {
    SyncMethodCounter account = new SyncMethodCounter();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      account.deposit(1.5);
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    account.deposit(2.5);
    meet.arriveAndAwait(0);
    System.out.println("balance=" + account.balance());
    worker.join();
  }
}
