package raceworkloads;

import java.util.ArrayList;
import java.util.List;

/**
 * Lock-based bank: 4 threads move money between 1,000 accounts, each transfer holding both accounts' monitors (taken
 * in id order). Transfers are unconditional, so the final balances do not depend on their order.
 */
public final class BankTransfers {
  static final class Account {
    final int id;
    long balance = 1_000;
    long transfers;

    Account(int id) {
      this.id = id;
    }
  }

  static void transfer(Account from, Account to, long amount) {
    Account first = from.id < to.id ? from : to;
    Account second = first == from ? to : from;
    synchronized (first) {
      synchronized (second) {
        from.balance -= amount;
        to.balance += amount;
        from.transfers++;
        to.transfers++;
      }
    }
  }

  public static void main(String[] args) throws InterruptedException {
    int perThread = Workload.scaled(6_000_000, Workload.scale(args));
    Account[] accounts = new Account[1_000];
    for (int i = 0; i < accounts.length; i++) {
      accounts[i] = new Account(i);
    }
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      long seed = 17L * (t + 1);
      Thread th = new Thread(() -> {
        Workload.Random64 rnd = new Workload.Random64(seed);
        for (int i = 0; i < perThread; i++) {
          int a = rnd.nextInt(accounts.length);
          int b = rnd.nextInt(accounts.length);
          if (a != b) {
            transfer(accounts[a], accounts[b], 1 + rnd.nextInt(50));
          }
        }
      }, "teller-" + t);
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    long checksum = 0;
    long total = 0;
    for (Account acc : accounts) {
      total += acc.balance;
      checksum = checksum * 31 + acc.balance * 7 + acc.transfers;
    }
    if (total != 1_000L * accounts.length) {
      throw new IllegalStateException("money was created or lost: " + total);
    }
    Workload.result(BankTransfers.class, checksum);
  }
}
